/** The production server bundle (`dist/server/main.cjs`). */
export declare const BUNDLE: string;
/** Builds the bundle; resolves to the build time in ms. */
export declare function buildServer(): Promise<number>;
/** True when the bundle is missing or older than a source it was built from. */
export declare function isStale(): Promise<boolean>;
/** The Meteor app's server entry (`dist/meteor/server.js`). */
export declare const METEOR_ENTRY: string;
/** Builds the Meteor app's server entry; resolves to the build time in ms. */
export declare function buildMeteorEntry(): Promise<number>;
