/**
 * The two Meteor modules the Meteor entry (`meteor.ts`) uses, typed as far as
 * it needs them: the Meteor toolchain (which ships the real ones) cannot be
 * installed here.
 */
declare module 'meteor/webapp' {
	import type { IncomingMessage, ServerResponse } from 'node:http';

	export const WebApp: {
		/** Meteor 3: an Express app serving HTTP before Meteor's own handlers. */
		handlers: { use(handler: (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void): void };
	};
}

declare module 'meteor/mongo' {
	import type { Db, MongoClient } from 'mongodb';

	export const MongoInternals: {
		defaultRemoteCollectionDriver(): { mongo: { client: MongoClient; db: Db } };
	};
}
