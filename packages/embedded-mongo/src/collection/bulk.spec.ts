import { expect } from 'chai';
import type { Document } from 'mongodb';

import { openEmbeddedDatabase } from '../database';

describe('bulk write errors', () => {
	it('carry the colliding index key and value as the server reports them (keyPattern, keyValue)', async () => {
		const db = await openEmbeddedDatabase();
		try {
			const col = db.collection<{ _id: number; email?: string }>('people');
			await col.createIndexes([{ key: { email: 1 }, unique: true }]);
			const error = await col
				.bulkWrite([{ insertOne: { document: { _id: 1, email: 'a@x' } } }, { updateOne: { filter: { _id: 2 }, update: { $set: { email: 'a@x' } }, upsert: true } }], { ordered: false })
				.then(() => null, (failure: Document) => failure);
			const [writeError] = error?.writeErrors ?? [];
			expect(writeError.index).to.equal(1);
			expect(writeError.err).to.deep.include({ code: 11000, keyPattern: { email: 1 }, keyValue: { email: 'a@x' } });
			expect(writeError.getOperation()).to.deep.equal({ q: { _id: 2 }, u: { $set: { email: 'a@x' } }, upsert: true });
		} finally {
			await db.close();
		}
	});
});
