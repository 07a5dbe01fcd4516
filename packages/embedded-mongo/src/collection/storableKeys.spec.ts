import { expect } from 'chai';

import { openEmbeddedDatabase } from '../database';
import type { TestDoc } from '../testing/testDoc';

describe('embedded store field names', () => {
	const collection = async () => (await openEmbeddedDatabase()).collection<TestDoc>('things');

	it('refuses $-prefixed field names in inserted documents, at any depth (code 52)', async () => {
		const col = await collection();
		for (const doc of [{ $x: 1 }, { a: { $numberLong: 'not-a-number' } }, { a: [{ $oid: 'zz' }] }]) {
			const error = await col.insertOne(doc).catch((caught) => caught);
			expect(error.code).to.equal(52);
			expect(error.codeName).to.equal('DollarPrefixedFieldName');
		}
		const error = await col.insertOne({ customFieldData: { extra: { $numberLong: 'x' } } }).catch((caught) => caught);
		expect(error.message).to.equal("The dollar ($) prefixed field '$numberLong' in 'customFieldData.extra.$numberLong' is not valid for storage.");
		expect(await col.countDocuments({})).to.equal(0);
	});

	it('refuses dotted field names in inserted documents (code 57)', async () => {
		const col = await collection();
		const error = await col.insertOne({ a: { 'b.c': 1 } }).catch((caught) => caught);
		expect(error.code).to.equal(57);
		expect(error.message).to.equal("The dotted field 'b.c' in 'a.b.c' is not valid for storage.");
		expect(await col.countDocuments({})).to.equal(0);
	});

	it('refuses them in replacements, upserts and what update operators produce, leaving the document unchanged', async () => {
		const col = await collection();
		await col.insertOne({ _id: 1, a: 1 });
		expect((await col.replaceOne({ _id: 1 }, { nested: { $bad: 1 } }).catch((caught) => caught)).code).to.equal(52);
		expect((await col.updateOne({ _id: 1 }, { $set: { profile: { 'x.y': 1 } } }).catch((caught) => caught)).code).to.equal(57);
		expect((await col.updateOne({ _id: 1 }, { $set: { profile: { $where: 1 } } }).catch((caught) => caught)).code).to.equal(52);
		expect((await col.updateOne({ _id: 2 }, { $setOnInsert: { nested: { 'a.b': 1 } } }, { upsert: true }).catch((caught) => caught)).code).to.equal(57);
		expect(await col.find({}).toArray()).to.deep.equal([{ _id: 1, a: 1 }]);
	});

	it('keeps update operators and dotted paths working, and allows DBRef fields in embedded documents', async () => {
		const col = await collection();
		await col.insertOne({ _id: 1, ref: { $ref: 'users', $id: 'u1', $db: 'rc' } });
		await col.updateOne({ _id: 1 }, { $set: { 'profile.name': 'ann' }, $inc: { n: 1 } });
		expect(await col.findOne({ _id: 1 })).to.deep.equal({ _id: 1, ref: { $ref: 'users', $id: 'u1', $db: 'rc' }, profile: { name: 'ann' }, n: 1 });
	});

	it('reports a refused document in bulk writes as a write error', async () => {
		const col = await collection();
		const error = await col.insertMany([{ _id: 1 }, { _id: 2, $x: 1 }]).catch((caught) => caught);
		expect(error.name).to.equal('MongoBulkWriteError');
		expect(error.writeErrors[0].code).to.equal(52);
		expect(await col.countDocuments({})).to.equal(1);
	});
});
