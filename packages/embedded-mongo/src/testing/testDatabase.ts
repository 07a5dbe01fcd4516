import { randomBytes } from 'node:crypto';

import { MongoClient } from 'mongodb';

import type { IDatabase } from '@omni/model-typings';
import { connectDatabase } from '@omni/database';

export interface TestDatabase {
	db: IDatabase;
	/** True when running against a real MongoDB (`MONGO_URL`). */
	real: boolean;
	/** A collection name no other test uses. */
	uniqueName(prefix?: string): string;
	/** Waits long enough for a freshly opened change stream to be live. */
	settle(): Promise<void>;
	dispose(): Promise<void>;
}

/**
 * The database a conformance run uses: the embedded store in memory by
 * default, or a fresh, uniquely named database on the MongoDB at `MONGO_URL`
 * (dropped afterwards), so the same checks prove both behave alike.
 */
export async function openTestDatabase(): Promise<TestDatabase> {
	const suffix = randomBytes(4).toString('hex');
	let counter = 0;
	const uniqueName = (prefix = 'c') => `${prefix}_${suffix}_${++counter}`;
	const mongoUrl = process.env.MONGO_URL;
	if (!mongoUrl) {
		const db = await connectDatabase({});
		return { db, real: false, uniqueName, settle: async () => undefined, dispose: () => db.close() };
	}
	const url = new URL(mongoUrl);
	const dbName = `conformance_${suffix}`;
	url.pathname = `/${dbName}`;
	const db = await connectDatabase({ mongoUrl: url.toString() });
	return {
		db,
		real: true,
		uniqueName,
		settle: () => new Promise((resolve) => setTimeout(resolve, 1000)),
		dispose: async () => {
			await db.close();
			const client = await MongoClient.connect(mongoUrl);
			await client.db(dbName).dropDatabase();
			await client.close();
		},
	};
}
