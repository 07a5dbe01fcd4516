import { expect } from 'chai';

import { openEmbeddedDatabase } from '../database';
import type { TestDoc } from '../testing/testDoc';

describe('embedded store transactions', () => {
	it('a write conflict is a TransientTransactionError-labelled WriteConflict that withTransaction retries', async () => {
		const db = await openEmbeddedDatabase();
		const col = db.collection<TestDoc>('t');
		await col.insertOne({ _id: 'x', n: 0 });
		let attempts = 0;
		await db.withTransaction(async (session) => {
			attempts++;
			await col.updateOne({ _id: 'x' }, { $inc: { n: 1 } }, { session });
			if (attempts === 1) await col.updateOne({ _id: 'x' }, { $inc: { n: 10 } });
		});
		expect(attempts).to.equal(2);
		expect(await col.findOne({ _id: 'x' })).to.deep.equal({ _id: 'x', n: 11 });
	});

	it('surfaces the WriteConflict once retrying cannot help', async () => {
		const db = await openEmbeddedDatabase();
		const col = db.collection<TestDoc>('t');
		await col.insertOne({ _id: 'x', n: 0 });
		const started = Date.now();
		const realNow = Date.now;
		let attempts = 0;
		try {
			// Every attempt meets an outside write; after the retry window the error comes out.
			Date.now = () => (attempts > 3 ? started + 121_000 : realNow());
			const error = await db
				.withTransaction(async (session) => {
					attempts++;
					await col.updateOne({ _id: 'x' }, { $inc: { n: 1 } }, { session });
					await col.updateOne({ _id: 'x' }, { $inc: { n: 10 } });
				})
				.catch((caught) => caught);
			expect(error.code).to.equal(112);
			expect(error.codeName).to.equal('WriteConflict');
			expect(error.hasErrorLabel('TransientTransactionError')).to.equal(true);
		} finally {
			Date.now = realNow;
		}
		expect((await col.findOne({ _id: 'x' }))?.n).to.equal(10 * attempts);
	});

	it('inside the transaction, queries see its inserts, updates and deletes through indexes too', async () => {
		const db = await openEmbeddedDatabase();
		const col = db.collection<TestDoc>('t');
		await col.createIndexes([{ key: { tag: 1 } }, { key: { code: 1 }, unique: true }]);
		await col.insertMany([{ _id: 1, tag: 'a', code: 'c1' }, { _id: 2, tag: 'b', code: 'c2' }]);
		await db.withTransaction(async (session) => {
			await col.updateOne({ _id: 2 }, { $set: { tag: 'a' } }, { session });
			await col.insertOne({ _id: 3, tag: 'a', code: 'c3' }, { session });
			await col.deleteOne({ _id: 1 }, { session });
			expect((await col.find({ tag: 'a' }, { session }).toArray()).map((doc) => doc._id)).to.deep.equal([2, 3]);
			expect((await col.find({ tag: 'a' }).toArray()).map((doc) => doc._id)).to.deep.equal([1]);
			const duplicate = await col.insertOne({ _id: 4, code: 'c2' }, { session }).catch((caught) => caught);
			expect(duplicate.code).to.equal(11000);
		});
		expect((await col.find({ tag: 'a' }).toArray()).map((doc) => doc._id)).to.deep.equal([2, 3]);
	});

	it('a unique-index clash at commit (an outside insert took the key) aborts the whole transaction', async () => {
		const db = await openEmbeddedDatabase();
		const col = db.collection<TestDoc>('t');
		const other = db.collection<TestDoc>('u');
		await col.createIndexes([{ key: { code: 1 }, unique: true }]);
		const error = await db
			.withTransaction(async (session) => {
				await other.insertOne({ _id: 'side' }, { session });
				await col.insertOne({ _id: 1, code: 'same' }, { session });
				await col.insertOne({ _id: 2, code: 'same' });
			})
			.catch((caught) => caught);
		expect(error.code).to.equal(11000);
		expect(await other.countDocuments({})).to.equal(0);
		expect(await col.find({}).toArray()).to.deep.equal([{ _id: 2, code: 'same' }]);
	});

	it('a unique key the transaction took away from one document may be given to another in the same transaction, as on MongoDB', async () => {
		const db = await openEmbeddedDatabase();
		const col = db.collection<TestDoc>('t');
		await col.createIndexes([{ key: { code: 1 }, unique: true, partialFilterExpression: { code: { $exists: true } } }]);
		await col.insertMany([{ _id: 1, code: 'moved' }, { _id: 2 }, { _id: 3, code: 'kept' }]);
		await db.withTransaction(async (session) => {
			await col.updateOne({ _id: 1 }, { $unset: { code: 1 } }, { session });
			await col.updateOne({ _id: 2 }, { $set: { code: 'moved' } }, { session });
		});
		expect(await col.find({}).toArray()).to.deep.equal([{ _id: 1 }, { _id: 2, code: 'moved' }, { _id: 3, code: 'kept' }]);

		const error = await db.withTransaction((session) => col.updateOne({ _id: 1 }, { $set: { code: 'kept' } }, { session })).catch((caught) => caught);
		expect(error.code, 'a key another document still holds').to.equal(11000);
	});
});
