import { expect } from 'chai';
import { ObjectId } from 'mongodb';
import type { ChangeStreamDocument, Document } from 'mongodb';

import type { ICollection } from '@omni/model-typings';

import { openTestDatabase, type TestDatabase } from './testing/testDatabase';
import type { TestDoc } from './testing/testDoc';

// MongoDB semantics, written from MongoDB's documentation. Runs against the
// embedded store, or against a real MongoDB (replica set) when MONGO_URL is set.
describe('MongoDB conformance', () => {
	let t: TestDatabase;
	const collection = (): ICollection<TestDoc> => t.db.collection<TestDoc>(t.uniqueName());
	const ids = (docs: Document[]) => docs.map((doc) => doc._id);
	const rejection = async (promise: Promise<unknown>): Promise<Error & Document> => {
		try {
			await promise;
		} catch (error) {
			return error as Error & Document;
		}
		throw new Error('expected the operation to fail');
	};

	before(async () => {
		t = await openTestDatabase();
	});

	after(async () => {
		await t.dispose();
	});

	describe('inserts and _id', () => {
		it('assigns an ObjectId _id when none is given, on the input document too', async () => {
			const col = collection();
			const doc: Document = { a: 1 };
			const result = await col.insertOne(doc);
			expect(result.insertedId).to.be.instanceOf(ObjectId);
			expect(doc._id).to.equal(result.insertedId);
			expect(String((await col.findOne({ a: 1 }))?._id)).to.equal(String(result.insertedId));
		});

		it('keeps a string _id as a string', async () => {
			const col = collection();
			await col.insertOne({ _id: 'abc' as never, a: 1 });
			const found = await col.findOne({ _id: 'abc' as never });
			expect(found?._id).to.equal('abc');
		});

		it('rejects a duplicate _id with code 11000, keyPattern and keyValue', async () => {
			const col = collection();
			await col.insertOne({ _id: 'x' as never });
			const error = await rejection(col.insertOne({ _id: 'x' as never }));
			expect(error.code).to.equal(11000);
			expect(error.keyPattern).to.deep.equal({ _id: 1 });
			expect(error.keyValue).to.deep.equal({ _id: 'x' });
			expect(error.message).to.match(/^E11000 duplicate key error collection: .*\.c_.* index: _id_ dup key: \{ _id: "x" \}/);
		});

		it('ordered insertMany stops at the first duplicate and keeps what came before', async () => {
			const col = collection();
			const error = await rejection(col.insertMany([{ _id: 'a' }, { _id: 'b' }, { _id: 'a' }, { _id: 'c' }] as never[]));
			expect(error.code).to.equal(11000);
			expect(error.insertedCount).to.equal(2);
			expect(ids(await col.find({}).sort({ _id: 1 }).toArray())).to.deep.equal(['a', 'b']);
		});

		it('unordered insertMany continues past a duplicate', async () => {
			const col = collection();
			const error = await rejection(col.insertMany([{ _id: 'a' }, { _id: 'a' }, { _id: 'c' }] as never[], { ordered: false }));
			expect(error.code).to.equal(11000);
			expect(ids(await col.find({}).sort({ _id: 1 }).toArray())).to.deep.equal(['a', 'c']);
		});

		it('insertMany reports insertedCount and insertedIds by position', async () => {
			const col = collection();
			const result = await col.insertMany([{ _id: 'p' }, { _id: 'q' }] as never[]);
			expect(result.insertedCount).to.equal(2);
			expect(result.insertedIds).to.deep.equal({ 0: 'p', 1: 'q' });
		});

		it('copies documents in: mutating the input after insert changes nothing stored', async () => {
			const col = collection();
			const doc = { _id: 'd', nested: { list: [1, 2] } };
			await col.insertOne(doc as never);
			doc.nested.list.push(3);
			expect((await col.findOne({ _id: 'd' as never }))?.nested.list).to.deep.equal([1, 2]);
		});

		it('copies documents out: mutating a result changes nothing stored', async () => {
			const col = collection();
			await col.insertOne({ _id: 'd', nested: { list: [1, 2] } } as never);
			const first = await col.findOne({ _id: 'd' as never });
			first?.nested.list.push(3);
			const [fromFind] = await col.find({}).toArray();
			fromFind.nested.list.push(4);
			expect((await col.findOne({ _id: 'd' as never }))?.nested.list).to.deep.equal([1, 2]);
		});

		it('round-trips Dates and ObjectIds as their own types', async () => {
			const col = collection();
			const ref = new ObjectId();
			await col.insertOne({ _id: 'd', at: new Date(1234), ref } as never);
			const found = await col.findOne({ _id: 'd' as never });
			expect(found?.at).to.be.instanceOf(Date);
			expect(found?.at.getTime()).to.equal(1234);
			expect(found?.ref).to.be.instanceOf(ObjectId);
			expect(found?.ref.equals(ref)).to.equal(true);
		});
	});

	describe('query semantics', () => {
		let col: ICollection<TestDoc>;
		before(async () => {
			col = collection();
			await col.insertMany([
				{ _id: 1, a: 1, tags: ['red', 'blue'], items: [{ x: 1, y: 2 }, { x: 2, y: 1 }], sub: { p: 1, q: 2 } },
				{ _id: 2, a: null, tags: ['green'], items: [{ x: 1, y: 1 }] },
				{ _id: 3, a: 'text', tags: [], sub: { q: 2, p: 1 } },
				{ _id: 4, a: 5, tags: ['red'], name: 'Alice Smith' },
				{ _id: 5, name: 'bob SMITH' },
			] as never[]);
		});
		const query = async (filter: Document) => ids(await col.find(filter).sort({ _id: 1 }).toArray());

		it('{ field: null } matches null and missing fields', async () => {
			expect(await query({ a: null })).to.deep.equal([2, 5]);
		});

		it('$exists: false matches only missing fields', async () => {
			expect(await query({ a: { $exists: false } })).to.deep.equal([5]);
		});

		it('$ne: null excludes both null and missing', async () => {
			expect(await query({ a: { $ne: null } })).to.deep.equal([1, 3, 4]);
		});

		it('comparison operators respect type bracketing', async () => {
			expect(await query({ a: { $gt: 0 } })).to.deep.equal([1, 4]);
			expect(await query({ a: { $gte: 'a' } })).to.deep.equal([3]);
		});

		it('equality on an array field matches any element', async () => {
			expect(await query({ tags: 'red' })).to.deep.equal([1, 4]);
		});

		it('equality with an array matches the whole array exactly', async () => {
			expect(await query({ tags: ['red', 'blue'] })).to.deep.equal([1]);
			expect(await query({ tags: ['blue', 'red'] })).to.deep.equal([]);
		});

		it('dotted paths reach into arrays of subdocuments', async () => {
			expect(await query({ 'items.x': 2 })).to.deep.equal([1]);
		});

		it('$elemMatch requires one element to satisfy every condition; dotted conditions may use different elements', async () => {
			expect(await query({ items: { $elemMatch: { x: 1, y: 1 } } })).to.deep.equal([2]);
			expect(await query({ 'items.x': 1, 'items.y': 1 })).to.deep.equal([1, 2]);
		});

		it('a numeric path segment addresses an array position', async () => {
			expect(await query({ 'tags.0': 'red' })).to.deep.equal([1, 4]);
		});

		it('$in, $nin, $all and $size', async () => {
			expect(await query({ a: { $in: [1, 'text'] } })).to.deep.equal([1, 3]);
			expect(await query({ _id: { $nin: [1, 2, 3] } })).to.deep.equal([4, 5]);
			expect(await query({ tags: { $all: ['blue', 'red'] } })).to.deep.equal([1]);
			expect(await query({ tags: { $size: 0 } })).to.deep.equal([3]);
		});

		it('$regex with the i option matches case-insensitively, anywhere in the string', async () => {
			expect(await query({ name: { $regex: 'smith', $options: 'i' } })).to.deep.equal([4, 5]);
			expect(await query({ name: /SMITH/ })).to.deep.equal([5]);
		});

		// MongoDB also compares embedded documents field-order sensitively; mingo does not (see README).
		it('embedded document equality compares the whole document; dotted paths compare one field', async () => {
			expect(await query({ sub: { p: 1, q: 2, r: 3 } })).to.deep.equal([]);
			expect(await query({ sub: { p: 1 } })).to.deep.equal([]);
			expect(await query({ 'sub.p': 1 })).to.deep.equal([1, 3]);
		});

		it('$type matches ObjectIds by name and number, and an array field by any element', async () => {
			const typed = collection();
			await typed.insertMany([{ _id: 1, x: new ObjectId() }, { _id: 2, x: 'text' }, { _id: 3 }, { _id: 4, x: [1, new ObjectId()] }] as never[]);
			const typeQuery = async (type: unknown) => ids(await typed.find({ x: { $type: type } } as never).sort({ _id: 1 }).toArray());
			expect(await typeQuery('objectId')).to.deep.equal([1, 4]);
			expect(await typeQuery(7)).to.deep.equal([1, 4]);
			expect(await typeQuery('string')).to.deep.equal([2]);
			expect(await typeQuery(['string', 'objectId'])).to.deep.equal([1, 2, 4]);
		});

		it('string ranges compare UTF-8 bytes: an astral character is above U+FFFF', async () => {
			const strings = collection();
			await strings.insertMany([{ _id: 1, s: 'z' }, { _id: 2, s: '\uffff' }, { _id: 3, s: '😀' }, { _id: 4, s: '\ue000' }] as never[]);
			expect(ids(await strings.find({ s: { $gt: '\uffff' } }).toArray())).to.deep.equal([3]);
			expect(ids(await strings.find({ s: { $lt: '\ue001' } }).sort({ _id: 1 }).toArray())).to.deep.equal([1, 4]);
		});

		it('case-insensitive regexes fold Greek sigma in every form, with or without a substring index', async () => {
			const greek = collection();
			if (t.db.supportsSubstringIndexes) {
				await greek.createIndexes([{ key: { name: 1 }, name: 'name_substring', substring: true } as never]);
			}
			await greek.insertMany([{ _id: 1, name: 'ΟΔΥΣΣΕΥΣ' }, { _id: 2, name: 'Οδυσσευς' }, { _id: 3, name: 'Odysseus' }] as never[]);
			for (const needle of ['ΣΕΥΣ', 'σευσ', 'σευς', 'δυσσ']) {
				expect(ids(await greek.find({ name: { $regex: needle, $options: 'i' } }).sort({ _id: 1 }).toArray()), needle).to.deep.equal([1, 2]);
			}
			expect(await greek.countDocuments({ name: { $regex: 'ΥΣΣ', $options: 'i' } })).to.equal(2);
		});

		it('$or, $and and $nor combine conditions', async () => {
			expect(await query({ $or: [{ a: 1 }, { name: 'bob SMITH' }] })).to.deep.equal([1, 5]);
			expect(await query({ $and: [{ tags: 'red' }, { a: { $gt: 2 } }] })).to.deep.equal([4]);
			expect(await query({ $nor: [{ tags: 'red' }, { a: null }] })).to.deep.equal([3]);
		});

		it('$not inverts an operator and also matches missing fields', async () => {
			expect(await query({ a: { $not: { $gt: 2 } } })).to.deep.equal([1, 2, 3, 5]);
		});
	});

	describe('sort, paging and projection', () => {
		let col: ICollection<TestDoc>;
		before(async () => {
			col = collection();
			await col.insertMany([
				{ _id: 1, v: 'b', n: 2 },
				{ _id: 2, n: 1 },
				{ _id: 3, v: 10, n: 2 },
				{ _id: 4, v: null, n: 3 },
				{ _id: 5, v: 'a', n: 1 },
				{ _id: 6, v: new Date(0), n: 3 },
				{ _id: 7, v: true, n: 1 },
			] as never[]);
		});

		it('ascending sort puts null and missing first, then numbers, strings, booleans, dates', async () => {
			const sorted = ids(await col.find({}).sort({ v: 1, _id: 1 }).toArray());
			expect(sorted).to.deep.equal([2, 4, 3, 5, 1, 7, 6]);
		});

		it('descending sort reverses the BSON order', async () => {
			const sorted = ids(await col.find({}).sort({ v: -1, _id: 1 }).toArray());
			expect(sorted).to.deep.equal([6, 7, 1, 5, 3, 2, 4]);
		});

		it('an array field sorts by its smallest element ascending and its largest descending', async () => {
			const arrays = collection();
			await arrays.insertMany([{ _id: 1, a: [1, 10] }, { _id: 2, a: [5, 6] }, { _id: 3, a: 7 }] as never[]);
			expect(ids(await arrays.find({}).sort({ a: 1 }).toArray())).to.deep.equal([1, 2, 3]);
			expect(ids(await arrays.find({}).sort({ a: -1 }).toArray())).to.deep.equal([1, 3, 2]);
		});

		it('strings sort in UTF-8 byte order, so astral characters come after U+FFFF', async () => {
			const strings = collection();
			await strings.insertMany([{ _id: 1, s: '😀' }, { _id: 2, s: '\uffff' }, { _id: 3, s: 'z' }, { _id: 4, s: '\ue000' }, { _id: 5, s: 'Z' }] as never[]);
			expect(ids(await strings.find({}).sort({ s: 1 }).toArray())).to.deep.equal([5, 3, 4, 2, 1]);
			expect(ids(await strings.find({}).sort({ s: -1 }).toArray())).to.deep.equal([1, 2, 4, 3, 5]);
		});

		it('compound sort orders by the second key within ties', async () => {
			expect(ids(await col.find({}, { sort: { n: 1, _id: -1 } }).toArray())).to.deep.equal([7, 5, 2, 3, 1, 6, 4]);
		});

		it('skip and limit page after sorting, through options or cursor methods', async () => {
			expect(ids(await col.find({}, { sort: { _id: 1 }, skip: 2, limit: 3 }).toArray())).to.deep.equal([3, 4, 5]);
			expect(ids(await col.find({}).sort({ _id: -1 }).skip(1).limit(2).toArray())).to.deep.equal([6, 5]);
		});

		it('inclusion projection keeps _id unless excluded', async () => {
			expect(await col.findOne({ _id: 1 }, { projection: { n: 1 } })).to.deep.equal({ _id: 1, n: 2 });
			expect(await col.findOne({ _id: 1 }, { projection: { n: 1, _id: 0 } })).to.deep.equal({ n: 2 });
			expect(await col.find({ _id: 1 }).project({ v: 0 }).toArray()).to.deep.equal([{ _id: 1, n: 2 }]);
		});

		it('cursors are async iterable', async () => {
			const seen: unknown[] = [];
			for await (const doc of col.find({ n: 1 }, { sort: { _id: 1 } })) seen.push(doc._id);
			expect(seen).to.deep.equal([2, 5, 7]);
		});

		it('findOne honours sort', async () => {
			expect((await col.findOne({}, { sort: { n: -1, _id: -1 } }))?._id).to.equal(6);
		});
	});

	describe('updates', () => {
		it('updateOne reports matchedCount and modifiedCount', async () => {
			const col = collection();
			await col.insertMany([{ _id: 1, a: 1 }, { _id: 2, a: 1 }] as never[]);
			const result = await col.updateOne({ a: 1 }, { $set: { b: 2 } });
			expect(result.matchedCount).to.equal(1);
			expect(result.modifiedCount).to.equal(1);
			expect(result.upsertedId).to.equal(null);
		});

		it('an update that changes nothing reports modifiedCount 0', async () => {
			const col = collection();
			await col.insertOne({ _id: 1, a: 1, at: new Date(5) } as never);
			const result = await col.updateOne({ _id: 1 }, { $set: { a: 1, at: new Date(5) } });
			expect(result.matchedCount).to.equal(1);
			expect(result.modifiedCount).to.equal(0);
		});

		it('updateMany updates every match', async () => {
			const col = collection();
			await col.insertMany([{ _id: 1, a: 1 }, { _id: 2, a: 1 }, { _id: 3, a: 2 }] as never[]);
			const result = await col.updateMany({ a: 1 }, { $inc: { n: 1 } });
			expect([result.matchedCount, result.modifiedCount]).to.deep.equal([2, 2]);
			expect(await col.countDocuments({ n: 1 })).to.equal(2);
		});

		it('$inc, $push, $addToSet, $pull, $unset and $rename', async () => {
			const col = collection();
			await col.insertOne({ _id: 1, n: 1, list: [1, 2], set: ['a'], gone: true, old: 'v' } as never);
			await col.updateOne(
				{ _id: 1 },
				{ $inc: { n: 2, fresh: 1 }, $push: { list: 3 } as never, $addToSet: { set: { $each: ['a', 'b'] } }, $unset: { gone: '' }, $rename: { old: 'renamed' } },
			);
			await col.updateOne({ _id: 1 }, { $pull: { list: 1 } as never });
			expect(await col.findOne({ _id: 1 })).to.deep.equal({ _id: 1, n: 3, list: [2, 3], set: ['a', 'b'], fresh: 1, renamed: 'v' });
		});

		it('$push with $each, $sort and $slice', async () => {
			const col = collection();
			await col.insertOne({ _id: 1, scores: [5, 1] } as never);
			await col.updateOne({ _id: 1 }, { $push: { scores: { $each: [3, 9], $sort: -1, $slice: 3 } } as never });
			expect((await col.findOne({ _id: 1 }))?.scores).to.deep.equal([9, 5, 3]);
		});

		it('the positional $ updates the first element the filter matched', async () => {
			const col = collection();
			await col.insertOne({ _id: 1, items: [{ k: 'a', v: 1 }, { k: 'b', v: 1 }, { k: 'b', v: 1 }] } as never);
			await col.updateOne({ _id: 1, 'items.k': 'b' }, { $set: { 'items.$.v': 9 } });
			expect((await col.findOne({ _id: 1 }))?.items.map((item: Document) => item.v)).to.deep.equal([1, 9, 1]);
		});

		it('arrayFilters update every element matching the identifier', async () => {
			const col = collection();
			await col.insertOne({ _id: 1, items: [{ k: 'a', v: 1 }, { k: 'b', v: 1 }, { k: 'b', v: 1 }] } as never);
			await col.updateOne({ _id: 1 }, { $set: { 'items.$[item].v': 7 } }, { arrayFilters: [{ 'item.k': 'b' }] });
			expect((await col.findOne({ _id: 1 }))?.items.map((item: Document) => item.v)).to.deep.equal([1, 7, 7]);
		});

		it('the all-positional $[] updates every element', async () => {
			const col = collection();
			await col.insertOne({ _id: 1, values: [1, 2, 3] } as never);
			await col.updateOne({ _id: 1 }, { $inc: { 'values.$[]': 10 } });
			expect((await col.findOne({ _id: 1 }))?.values).to.deep.equal([11, 12, 13]);
		});

		it('two operators on one path, or on a path and its parent, fail with code 40 and change nothing', async () => {
			const col = collection();
			await col.insertOne({ _id: 1, x: 1, a: { b: 1 } } as never);
			const conflicts: [Document, string][] = [
				[{ $set: { x: 2 }, $inc: { x: 1 } }, "Updating the path 'x' would create a conflict at 'x'"],
				[{ $set: { 'a.b': 2 }, $unset: { a: '' } }, "Updating the path 'a' would create a conflict at 'a'"],
				[{ $set: { a: 1, 'a.b': 2 } }, "Updating the path 'a.b' would create a conflict at 'a'"],
			];
			for (const [update, message] of conflicts) {
				const error = await rejection(col.updateOne({ _id: 1 }, update));
				expect(error.code, message).to.equal(40);
				expect(error.message).to.equal(message);
			}
			expect(await col.findOne({ _id: 1 })).to.deep.equal({ _id: 1, x: 1, a: { b: 1 } });
		});

		it('changing _id in an update is refused', async () => {
			const col = collection();
			await col.insertOne({ _id: 1 } as never);
			const error = await rejection(col.updateOne({ _id: 1 }, { $set: { _id: 2 } }));
			expect(error.code).to.equal(66);
			expect(await col.countDocuments({ _id: 1 })).to.equal(1);
		});

		it('an update document without operators is refused', async () => {
			const col = collection();
			await col.insertOne({ _id: 1 } as never);
			await rejection(col.updateOne({ _id: 1 }, { a: 1 } as never));
		});

		it('upsert inserts the filter equalities plus $setOnInsert and the update', async () => {
			const col = collection();
			const result = await col.updateOne({ key: 'k', n: { $gt: 5 } }, { $set: { a: 1 }, $setOnInsert: { created: true } }, { upsert: true });
			expect(result.upsertedCount).to.equal(1);
			expect(result.matchedCount).to.equal(0);
			const doc = await col.findOne({ _id: result.upsertedId as never }, { projection: { _id: 0 } });
			expect(doc).to.deep.equal({ key: 'k', a: 1, created: true });
		});

		it('upsert keeps an _id from the filter and ignores $setOnInsert when a document matches', async () => {
			const col = collection();
			const first = await col.updateOne({ _id: 'u' as never }, { $set: { a: 1 }, $setOnInsert: { created: 1 } }, { upsert: true });
			expect(first.upsertedId).to.equal('u');
			const second = await col.updateOne({ _id: 'u' as never }, { $set: { a: 2 }, $setOnInsert: { created: 2 } }, { upsert: true });
			expect([second.matchedCount, second.modifiedCount, second.upsertedId]).to.deep.equal([1, 1, null]);
			expect(await col.findOne({ _id: 'u' as never })).to.deep.equal({ _id: 'u', a: 2, created: 1 });
		});

		it('upsert builds nested fields from dotted equality paths', async () => {
			const col = collection();
			const result = await col.updateOne({ 'profile.name': 'x' }, { $set: { n: 1 } }, { upsert: true });
			expect(await col.findOne({ _id: result.upsertedId as never }, { projection: { _id: 0 } })).to.deep.equal({ profile: { name: 'x' }, n: 1 });
		});

		it('replaceOne replaces the whole document and keeps _id', async () => {
			const col = collection();
			await col.insertOne({ _id: 1, a: 1, b: 2 } as never);
			const result = await col.replaceOne({ a: 1 }, { c: 3 });
			expect([result.matchedCount, result.modifiedCount]).to.deep.equal([1, 1]);
			expect(await col.findOne({ _id: 1 })).to.deep.equal({ _id: 1, c: 3 });
		});

		it('replaceOne with upsert inserts the replacement', async () => {
			const col = collection();
			const result = (await col.replaceOne({ _id: 'r' as never }, { c: 3 }, { upsert: true })) as Document;
			expect(result.upsertedId).to.equal('r');
			expect(await col.findOne({ _id: 'r' as never })).to.deep.equal({ _id: 'r', c: 3 });
		});

		it('pipeline updates compute from existing fields', async () => {
			const col = collection();
			await col.insertOne({ _id: 1, a: 2, b: 3 } as never);
			await col.updateOne({ _id: 1 }, [{ $set: { sum: { $add: ['$a', '$b'] } } }]);
			expect((await col.findOne({ _id: 1 }))?.sum).to.equal(5);
		});
	});

	describe('findOneAndUpdate and findOneAndDelete', () => {
		const base = { includeResultMetadata: false as const };

		it('returns the document before the update by default', async () => {
			const col = collection();
			await col.insertOne({ _id: 1, n: 1 } as never);
			expect(await col.findOneAndUpdate({ _id: 1 }, { $inc: { n: 1 } }, base)).to.deep.equal({ _id: 1, n: 1 });
			expect((await col.findOne({ _id: 1 }))?.n).to.equal(2);
		});

		it('returnDocument after with a projection', async () => {
			const col = collection();
			await col.insertOne({ _id: 1, n: 1, other: true } as never);
			const doc = await col.findOneAndUpdate({ _id: 1 }, { $inc: { n: 1 } }, { ...base, returnDocument: 'after', projection: { n: 1 } });
			expect(doc).to.deep.equal({ _id: 1, n: 2 });
		});

		it('upsert returns the new document with returnDocument after, and null before', async () => {
			const col = collection();
			const after = await col.findOneAndUpdate({ _id: 'a' as never }, { $set: { n: 1 } }, { ...base, upsert: true, returnDocument: 'after' });
			expect(after).to.deep.equal({ _id: 'a', n: 1 });
			const before = await col.findOneAndUpdate({ _id: 'b' as never }, { $set: { n: 1 } }, { ...base, upsert: true });
			expect(before).to.equal(null);
			expect(await col.countDocuments({})).to.equal(2);
		});

		it('returns null and changes nothing when no document matches', async () => {
			const col = collection();
			expect(await col.findOneAndUpdate({ _id: 'none' as never }, { $set: { n: 1 } }, base)).to.equal(null);
			expect(await col.countDocuments({})).to.equal(0);
		});

		it('sort picks which matching document is updated', async () => {
			const col = collection();
			await col.insertMany([{ _id: 1, n: 5 }, { _id: 2, n: 9 }, { _id: 3, n: 7 }] as never[]);
			const doc = await col.findOneAndUpdate({}, { $set: { picked: true } }, { ...base, sort: { n: -1 }, returnDocument: 'after' });
			expect(doc?._id).to.equal(2);
		});

		it('findOneAndDelete returns the removed document', async () => {
			const col = collection();
			await col.insertMany([{ _id: 1, n: 1 }, { _id: 2, n: 2 }] as never[]);
			expect(await col.findOneAndDelete({ n: { $gt: 0 } }, { ...base, sort: { n: -1 } })).to.deep.equal({ _id: 2, n: 2 });
			expect(ids(await col.find({}).toArray())).to.deep.equal([1]);
			expect(await col.findOneAndDelete({ n: 99 }, base)).to.equal(null);
		});
	});

	describe('deletes, counts, distinct and aggregation', () => {
		it('deleteOne removes one match, deleteMany removes all', async () => {
			const col = collection();
			await col.insertMany([{ _id: 1, a: 1 }, { _id: 2, a: 1 }, { _id: 3, a: 1 }, { _id: 4, a: 2 }] as never[]);
			expect((await col.deleteOne({ a: 1 })).deletedCount).to.equal(1);
			expect((await col.deleteMany({ a: 1 })).deletedCount).to.equal(2);
			expect(ids(await col.find({}).toArray())).to.deep.equal([4]);
		});

		it('countDocuments applies skip and limit', async () => {
			const col = collection();
			await col.insertMany([1, 2, 3, 4, 5].map((n) => ({ _id: n, even: n % 2 === 0 })) as never[]);
			expect(await col.countDocuments({})).to.equal(5);
			expect(await col.countDocuments({ even: false })).to.equal(3);
			expect(await col.countDocuments({}, { skip: 2 })).to.equal(3);
			expect(await col.countDocuments({}, { limit: 2 })).to.equal(2);
			expect(await col.countDocuments({}, { skip: 4, limit: 3 })).to.equal(1);
		});

		it('distinct flattens arrays, drops duplicates and honours the filter', async () => {
			const col = collection();
			await col.insertMany([
				{ _id: 1, tags: ['a', 'b'], keep: true },
				{ _id: 2, tags: 'b', keep: true },
				{ _id: 3, tags: ['c'], keep: false },
				{ _id: 4, keep: true },
			] as never[]);
			expect((await col.distinct('tags', { keep: true })).sort()).to.deep.equal(['a', 'b']);
		});

		it('distinct reaches into arrays of subdocuments', async () => {
			const col = collection();
			await col.insertMany([{ _id: 1, emails: [{ address: 'x' }, { address: 'y' }] }, { _id: 2, emails: [{ address: 'x' }] }] as never[]);
			expect((await col.distinct('emails.address', {})).sort()).to.deep.equal(['x', 'y']);
		});

		it('aggregate runs $match, $unwind, $group, $sort and $project', async () => {
			const col = collection();
			await col.insertMany([
				{ _id: 1, team: 'a', tags: ['x', 'y'] },
				{ _id: 2, team: 'b', tags: ['x'] },
				{ _id: 3, team: 'a', tags: ['x'] },
			] as never[]);
			const result = await col
				.aggregate([
					{ $match: { team: 'a' } },
					{ $unwind: '$tags' },
					{ $group: { _id: '$tags', count: { $sum: 1 } } },
					{ $sort: { count: -1, _id: 1 } },
					{ $project: { _id: 0, tag: '$_id', count: 1 } },
				])
				.toArray();
			expect(result).to.deep.equal([{ count: 2, tag: 'x' }, { count: 1, tag: 'y' }]);
		});

		it('aggregate $lookup joins another collection', async () => {
			const orders = collection();
			const customers = collection();
			await customers.insertOne({ _id: 'c1', name: 'Ann' } as never);
			await orders.insertOne({ _id: 'o1', customer: 'c1' } as never);
			const [joined] = await orders
				.aggregate([{ $lookup: { from: customers.collectionName, localField: 'customer', foreignField: '_id', as: 'who' } }])
				.toArray();
			expect(joined.who).to.deep.equal([{ _id: 'c1', name: 'Ann' }]);
		});

		it('aggregation never changes stored documents', async () => {
			const col = collection();
			await col.insertOne({ _id: 1, a: 1 } as never);
			await col.aggregate([{ $set: { a: 2 } }, { $unset: 'a' }]).toArray();
			expect(await col.findOne({ _id: 1 })).to.deep.equal({ _id: 1, a: 1 });
		});
	});

	describe('bulkWrite', () => {
		it('applies mixed operations and reports counts', async () => {
			const col = collection();
			await col.insertMany([{ _id: 1, n: 0 }, { _id: 2, n: 0 }, { _id: 3, n: 0 }] as never[]);
			const result = await col.bulkWrite([
				{ insertOne: { document: { _id: 4, n: 0 } as never } },
				{ updateOne: { filter: { _id: 1 }, update: { $set: { n: 1 } } } },
				{ updateMany: { filter: { n: 0 }, update: { $set: { n: 2 } } } },
				{ updateOne: { filter: { _id: 9 }, update: { $set: { n: 9 } }, upsert: true } },
				{ replaceOne: { filter: { _id: 2 }, replacement: { r: true } } },
				{ deleteOne: { filter: { _id: 3 } } },
			]);
			expect(result.insertedCount).to.equal(1);
			expect(result.matchedCount).to.equal(5);
			expect(result.modifiedCount).to.equal(5);
			expect(result.upsertedCount).to.equal(1);
			expect(result.deletedCount).to.equal(1);
			expect(ids(await col.find({}, { sort: { _id: 1 } }).toArray())).to.deep.equal([1, 2, 4, 9]);
		});

		it('ordered bulkWrite stops at a duplicate key and keeps earlier operations', async () => {
			const col = collection();
			const error = await rejection(
				col.bulkWrite([
					{ insertOne: { document: { _id: 1 } as never } },
					{ insertOne: { document: { _id: 1 } as never } },
					{ insertOne: { document: { _id: 2 } as never } },
				]),
			);
			expect(error.code).to.equal(11000);
			expect(error.writeErrors?.[0]?.index ?? error.writeErrors?.index).to.equal(1);
			expect(ids(await col.find({}).toArray())).to.deep.equal([1]);
		});

		it('a duplicate key write error names its position, the index and the key, and gives back the operation', async () => {
			const col = collection();
			await col.createIndexes([{ key: { k: 1 }, unique: true }]);
			const error = await rejection(col.bulkWrite([{ insertOne: { document: { _id: 1, k: 1 } as never } }, { insertOne: { document: { _id: 2, k: 1 } as never } }]));
			const [writeError] = error.writeErrors;
			expect(writeError.index).to.equal(1);
			expect(writeError.code).to.equal(11000);
			expect(writeError.errmsg).to.match(/ index: k_1 dup key: \{ k: 1 \}/);
			expect(writeError.getOperation()).to.deep.equal({ _id: 2, k: 1 });
		});
	});

	describe('indexes', () => {
		it('a unique index rejects a duplicate insert with keyPattern and keyValue', async () => {
			const col = collection();
			await col.createIndexes([{ key: { email: 1 }, unique: true }]);
			await col.insertOne({ email: 'a@x' });
			const error = await rejection(col.insertOne({ email: 'a@x' }));
			expect(error.code).to.equal(11000);
			expect(error.keyPattern).to.deep.equal({ email: 1 });
			expect(error.keyValue).to.deep.equal({ email: 'a@x' });
			expect(error.message).to.contain('index: email_1 dup key: { email: "a@x" }');
		});

		it('a unique index rejects an update that would create a duplicate', async () => {
			const col = collection();
			await col.createIndexes([{ key: { email: 1 }, unique: true }]);
			await col.insertMany([{ _id: 1, email: 'a' }, { _id: 2, email: 'b' }] as never[]);
			const error = await rejection(col.updateOne({ _id: 2 }, { $set: { email: 'a' } }));
			expect(error.code).to.equal(11000);
			expect((await col.findOne({ _id: 2 }))?.email).to.equal('b');
		});

		it('creating a unique index over existing duplicates is refused', async () => {
			const col = collection();
			await col.insertMany([{ email: 'a' }, { email: 'a' }]);
			const error = await rejection(col.createIndexes([{ key: { email: 1 }, unique: true }]));
			expect(error.code).to.equal(11000);
			expect((await col.listIndexes().toArray()).map((index) => index.name)).to.deep.equal(['_id_']);
		});

		it('a non-sparse unique index treats missing fields as null, so two are duplicates', async () => {
			const col = collection();
			await col.createIndexes([{ key: { username: 1 }, unique: true }]);
			await col.insertOne({ a: 1 });
			const error = await rejection(col.insertOne({ a: 2 }));
			expect(error.code).to.equal(11000);
			expect(error.keyValue).to.deep.equal({ username: null });
		});

		it('a sparse unique index allows many documents without the field', async () => {
			const col = collection();
			await col.createIndexes([{ key: { username: 1 }, unique: true, sparse: true }]);
			await col.insertMany([{ a: 1 }, { a: 2 }]);
			await col.insertOne({ username: 'u' });
			expect((await rejection(col.insertOne({ username: 'u' }))).code).to.equal(11000);
		});

		it('a partial unique index only constrains documents matching its filter', async () => {
			const col = collection();
			await col.createIndexes([{ key: { code: 1 }, unique: true, partialFilterExpression: { active: true } }]);
			await col.insertMany([{ code: 'x', active: false }, { code: 'x', active: false }, { code: 'x', active: true }]);
			expect((await rejection(col.insertOne({ code: 'x', active: true }))).code).to.equal(11000);
		});

		it('a compound unique index constrains the combination only', async () => {
			const col = collection();
			await col.createIndexes([{ key: { a: 1, b: 1 }, unique: true }]);
			await col.insertMany([{ a: 1, b: 1 }, { a: 1, b: 2 }, { a: 2, b: 1 }]);
			const error = await rejection(col.insertOne({ a: 1, b: 2 }));
			expect(error.code).to.equal(11000);
			expect(error.keyPattern).to.deep.equal({ a: 1, b: 1 });
			expect(error.keyValue).to.deep.equal({ a: 1, b: 2 });
		});

		it('a multikey unique index collides across documents, not within one', async () => {
			const col = collection();
			await col.createIndexes([{ key: { 'emails.address': 1 }, unique: true, sparse: true }]);
			await col.insertOne({ emails: [{ address: 'a' }, { address: 'a' }] });
			await col.insertOne({ emails: [{ address: 'b' }] });
			const error = await rejection(col.insertOne({ emails: [{ address: 'c' }, { address: 'b' }] }));
			expect(error.keyValue).to.deep.equal({ 'emails.address': 'b' });
		});

		it('listIndexes reports _id_ and created indexes with MongoDB default names', async () => {
			const col = collection();
			const names = await col.createIndexes([{ key: { a: 1, b: -1 } }, { key: { c: 1 }, name: 'custom', sparse: true }]);
			expect(names).to.deep.equal(['a_1_b_-1', 'custom']);
			const indexes = await col.listIndexes().toArray();
			expect(indexes.map((index) => index.name)).to.deep.equal(['_id_', 'a_1_b_-1', 'custom']);
			expect(indexes[2].key).to.deep.equal({ c: 1 });
			expect(indexes[2].sparse).to.equal(true);
		});

		it('createIndexes with an identical spec is a no-op', async () => {
			const col = collection();
			await col.createIndexes([{ key: { a: 1 }, unique: true }]);
			await col.createIndexes([{ key: { a: 1 }, unique: true }]);
			expect((await col.listIndexes().toArray()).length).to.equal(2);
		});

		it('indexed lookups follow updates and deletes', async () => {
			const col = collection();
			await col.createIndexes([{ key: { 'emails.address': 1 } }, { key: { roles: 1 } }]);
			await col.insertOne({ _id: 1, emails: [{ address: 'old' }], roles: ['user'] } as never);
			await col.updateOne({ _id: 1 }, { $set: { 'emails.0.address': 'new' }, $push: { roles: 'admin' } as never });
			expect(await col.countDocuments({ 'emails.address': 'old' })).to.equal(0);
			expect(await col.countDocuments({ 'emails.address': 'new' })).to.equal(1);
			expect(await col.countDocuments({ roles: { $in: ['admin', 'x'] } })).to.equal(1);
			await col.deleteOne({ _id: 1 });
			expect(await col.countDocuments({ roles: 'user' })).to.equal(0);
		});

		it('a query on a partial-index field still finds documents outside the partial filter', async () => {
			const col = collection();
			await col.createIndexes([{ key: { status: 1 }, partialFilterExpression: { active: true } }]);
			await col.insertMany([{ _id: 1, status: 's', active: true }, { _id: 2, status: 's', active: false }] as never[]);
			expect(ids(await col.find({ status: 's' }, { sort: { _id: 1 } }).toArray())).to.deep.equal([1, 2]);
		});

		it('collation options are accepted on index creation', async () => {
			const col = collection();
			await col.createIndexes([{ key: { name: 1 }, name: 'name_insensitive', collation: { locale: 'en', strength: 2 } }]);
			const [, index] = await col.listIndexes().toArray();
			expect(index.name).to.equal('name_insensitive');
		});
	});

	describe('transactions', () => {
		it('commit applies every write of the callback', async () => {
			const a = collection();
			const b = collection();
			await a.insertOne({ _id: 'seed' } as never);
			await b.insertOne({ _id: 'seed' } as never);
			const result = await t.db.withTransaction(async (session) => {
				await a.insertOne({ _id: 1 } as never, { session });
				await b.updateOne({ _id: 'seed' }, { $set: { touched: true } }, { session });
				return 'done';
			});
			expect(result).to.equal('done');
			expect(await a.countDocuments({ _id: 1 })).to.equal(1);
			expect((await b.findOne({ _id: 'seed' }))?.touched).to.equal(true);
		});

		it('a throw inside the callback aborts: no write survives and the error propagates', async () => {
			const a = collection();
			await a.insertOne({ _id: 'keep', n: 1 } as never);
			const error = await rejection(
				t.db.withTransaction(async (session) => {
					await a.insertOne({ _id: 'new' } as never, { session });
					await a.updateOne({ _id: 'keep' }, { $set: { n: 2 } }, { session });
					await a.deleteOne({ _id: 'keep' }, { session });
					throw new Error('changed my mind');
				}),
			);
			expect(error.message).to.equal('changed my mind');
			expect(await a.find({}).toArray()).to.deep.equal([{ _id: 'keep', n: 1 }]);
		});

		it('reads inside a transaction see its own writes', async () => {
			const a = collection();
			await a.insertOne({ _id: 'seed' } as never);
			const seen = await t.db.withTransaction(async (session) => {
				await a.updateOne({ _id: 'seed' }, { $set: { n: 5 } }, { session });
				return a.findOne({ _id: 'seed' }, { session });
			});
			expect(seen?.n).to.equal(5);
		});

		it('readers outside the transaction see none of its writes before the commit', async () => {
			const a = collection();
			await a.insertOne({ _id: 'seed', n: 1 } as never);
			let outside: Document[] = [];
			let inside: Document[] = [];
			await t.db.withTransaction(async (session) => {
				await a.insertOne({ _id: 'new', n: 2 } as never, { session });
				await a.updateOne({ _id: 'seed' }, { $set: { n: 10 } }, { session });
				outside = await a.find({}).sort({ _id: 1 }).toArray();
				inside = await a.find({ n: { $gte: 2 } }, { session }).sort({ _id: 1 }).toArray();
				expect(await a.countDocuments({})).to.equal(1);
				expect(await a.countDocuments({}, { session })).to.equal(2);
			});
			expect(outside).to.deep.equal([{ _id: 'seed', n: 1 }]);
			expect(inside).to.deep.equal([{ _id: 'new', n: 2 }, { _id: 'seed', n: 10 }]);
			expect(await a.find({}).sort({ _id: 1 }).toArray()).to.deep.equal([{ _id: 'new', n: 2 }, { _id: 'seed', n: 10 }]);
		});

		it('an abort never undoes a concurrent write made outside the transaction', async () => {
			const a = collection();
			await a.insertMany([{ _id: 'x', n: 1 }, { _id: 'y', n: 1 }] as never);
			await rejection(
				t.db.withTransaction(async (session) => {
					await a.updateOne({ _id: 'x' }, { $set: { n: 2 } }, { session });
					// Another document, written outside while the transaction is open.
					await a.updateOne({ _id: 'y' }, { $set: { n: 7 } });
					throw new Error('abort');
				}),
			);
			expect(await a.find({}).sort({ _id: 1 }).toArray()).to.deep.equal([{ _id: 'x', n: 1 }, { _id: 'y', n: 7 }]);
		});

		it('a concurrent outside write to a document the transaction wrote is never lost (the transaction retries or waits)', async () => {
			const a = collection();
			await a.insertOne({ _id: 'x', n: 0 } as never);
			let outsideWrite: Promise<unknown> | undefined;
			await t.db.withTransaction(async (session) => {
				await a.updateOne({ _id: 'x' }, { $inc: { n: 1 } }, { session });
				// Not awaited here: MongoDB makes it wait for the transaction; the embedded store applies it and the transaction retries.
				outsideWrite ??= a.updateOne({ _id: 'x' }, { $inc: { n: 10 } });
				await new Promise((resolve) => setTimeout(resolve, 50));
			});
			await outsideWrite;
			expect(await a.findOne({ _id: 'x' })).to.deep.equal({ _id: 'x', n: 11 });
		});
	});

	describe('change events', () => {
		const collect = async (col: ICollection<TestDoc>, options: Document, act: () => Promise<unknown>, expected: number) => {
			const stream = col.watch([], options);
			const events: ChangeStreamDocument<Document>[] = [];
			stream.on('change', (event) => events.push(event));
			await t.settle();
			await act();
			const deadline = Date.now() + 10_000;
			while (events.length < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
			await stream.close();
			return events as Document[];
		};

		it('an insert emits operationType, ns, documentKey and fullDocument', async () => {
			const col = collection();
			const [event] = await collect(col, {}, () => col.insertOne({ _id: 'e', a: 1 } as never), 1);
			expect(event.operationType).to.equal('insert');
			expect(event.ns.coll).to.equal(col.collectionName);
			expect(event.documentKey).to.deep.equal({ _id: 'e' });
			expect(event.fullDocument).to.deep.equal({ _id: 'e', a: 1 });
		});

		it('an update emits updateDescription with updated and removed fields, and fullDocument on updateLookup', async () => {
			const col = collection();
			await col.insertOne({ _id: 'e', a: 1, b: 2 } as never);
			const [event] = await collect(col, { fullDocument: 'updateLookup' }, () => col.updateOne({ _id: 'e' }, { $set: { a: 5 }, $unset: { b: '' } }), 1);
			expect(event.operationType).to.equal('update');
			expect(event.updateDescription.updatedFields).to.deep.equal({ a: 5 });
			expect(event.updateDescription.removedFields).to.deep.equal(['b']);
			expect(event.fullDocument).to.deep.equal({ _id: 'e', a: 5 });
		});

		it('an update without updateLookup carries no fullDocument', async () => {
			const col = collection();
			await col.insertOne({ _id: 'e', a: 1 } as never);
			const [event] = await collect(col, {}, () => col.updateOne({ _id: 'e' }, { $set: { a: 2 } }), 1);
			expect(event.fullDocument).to.equal(undefined);
		});

		it('replace and delete emit their own operation types', async () => {
			const col = collection();
			await col.insertOne({ _id: 'e', a: 1 } as never);
			const events = await collect(
				col,
				{},
				async () => {
					await col.replaceOne({ _id: 'e' }, { b: 1 });
					await col.deleteOne({ _id: 'e' });
				},
				2,
			);
			expect(events.map((event) => event.operationType)).to.deep.equal(['replace', 'delete']);
			expect(events[0].fullDocument).to.deep.equal({ _id: 'e', b: 1 });
			expect(events[1].documentKey).to.deep.equal({ _id: 'e' });
			expect(events[1].fullDocument).to.equal(undefined);
		});

		it('a $match pipeline filters events', async () => {
			const col = collection();
			const events = await collect(
				col,
				{},
				async () => {
					await col.insertOne({ _id: 1 } as never);
					await col.deleteOne({ _id: 1 });
				},
				1,
			);
			expect(events.length).to.be.greaterThan(0);
			const stream = col.watch([{ $match: { operationType: 'delete' } }]);
			const deletes: Document[] = [];
			stream.on('change', (event) => deletes.push(event));
			await t.settle();
			await col.insertOne({ _id: 2 } as never);
			await col.deleteOne({ _id: 2 });
			const deadline = Date.now() + 10_000;
			while (deletes.length < 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
			await stream.close();
			expect(deletes.map((event) => event.operationType)).to.deep.equal(['delete']);
		});
	});
});
