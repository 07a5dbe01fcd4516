import { expect } from 'chai';
import type { Document } from 'mongodb';

import { openEmbeddedDatabase } from './index';

describe('reusing the last match (a page, then its total)', () => {
	it('gives the same answer to the same query until a write changes the documents', async () => {
		const db = await openEmbeddedDatabase({});
		try {
			const collection = db.collection('people');
			await collection.insertMany([{ name: 'ann' }, { name: 'anna' }, { name: 'bob' }]);
			const filter: Document = { name: { $regex: 'ann' } };

			expect((await collection.find(filter).toArray()).map(({ name }) => name)).to.deep.equal(['ann', 'anna']);
			expect(await collection.countDocuments(filter)).to.equal(2);

			await collection.insertOne({ name: 'joanna' });
			expect(await collection.countDocuments(filter)).to.equal(3);

			await collection.updateOne({ name: 'ann' }, { $set: { name: 'an' } });
			expect(await collection.countDocuments(filter)).to.equal(2);

			await collection.deleteOne({ name: 'anna' });
			expect((await collection.find(filter).toArray()).map(({ name }) => name)).to.deep.equal(['joanna']);
		} finally {
			await db.close();
		}
	});

	it('notices a query object changed in place between two calls', async () => {
		const db = await openEmbeddedDatabase({});
		try {
			const collection = db.collection('people');
			await collection.insertMany([{ name: 'ann' }, { name: 'bob' }]);
			const filter: Document = { name: 'ann' };
			expect(await collection.countDocuments(filter)).to.equal(1);

			filter.name = 'nobody';

			expect(await collection.countDocuments(filter)).to.equal(0);
		} finally {
			await db.close();
		}
	});
});
