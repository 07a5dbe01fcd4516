/** The production server bundle (`dist/server/main.cjs`). */
export declare const BUNDLE: string;
/** Builds the bundle; resolves to the build time in ms. */
export declare function buildServer(): Promise<number>;
/** True when the bundle is missing or older than a source it was built from. */
export declare function isStale(): Promise<boolean>;
