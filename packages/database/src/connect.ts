import { openEmbeddedDatabase, type StoreIo } from '@omni/embedded-mongo';
import type { ICollection, IDatabase } from '@omni/model-typings';
import { MongoClient } from 'mongodb';
import type { ClientSession, Db, Document } from 'mongodb';

export interface DatabaseOptions {
	/** A MongoDB connection string; when set, the official driver is used. */
	mongoUrl?: string;
	/** Data directory of the embedded store; absent → in-memory. */
	dataDir?: string;
	/** Embedded store: resolve writes only once fsynced (default true). */
	durable?: boolean;
	/** Embedded store: file I/O of its writers (tests pass `faultyIo()` to simulate a full or failing disk). */
	storeIo?: StoreIo;
}

/**
 * The one place that decides where data lives: MongoDB (replica set or
 * sharded cluster) via `MONGO_URL` in production, otherwise the embedded store.
 */
export async function connectDatabase(options: DatabaseOptions = {}): Promise<IDatabase> {
	if (options.mongoUrl) {
		return connectMongo(options.mongoUrl);
	}
	return openEmbeddedDatabase({ dir: options.dataDir, durable: options.durable, io: options.storeIo });
}

async function connectMongo(url: string): Promise<IDatabase> {
	const client = await MongoClient.connect(url);
	return fromMongoClient(client, client.db());
}

/**
 * Adapts a driver database (e.g. the one Meteor's `MongoInternals` already
 * opened) to `IDatabase`; transactions run on `client`.
 */
export function fromMongoClient(client: MongoClient, db: Db): IDatabase {
	return {
		sharedChangeEvents: true,
		supportsSubstringIndexes: false,
		collection: <T extends Document = Document>(name: string) => db.collection<T>(name) as unknown as ICollection<T>,
		withTransaction: <R>(fn: (session: ClientSession | undefined) => Promise<R>) =>
			client.withSession((session) => session.withTransaction(() => fn(session))) as Promise<R>,
		close: () => client.close(),
	};
}
