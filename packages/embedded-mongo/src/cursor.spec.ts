import { expect } from 'chai';
import fc from 'fast-check';
import { find } from 'mingo';
import type { Document } from 'mongodb';

import { shapeResults } from './cursor';

/** mingo's own sort: the reference for the string-key fast path. */
function mingoSorted(docs: Document[], sort: Record<string, 1 | -1>, skip = 0, limit = 0): Document[] {
	const cursor = find(docs, {}).sort(sort).skip(skip);
	return (limit ? cursor.limit(limit) : cursor).all() as Document[];
}

describe('shapeResults sorting', () => {
	const text = fc.string({ unit: fc.constantFrom('a', 'B', 'b', 'é', 'É', ' ', '1', '😀', '\uffff'), maxLength: 4 });
	const docs = fc.array(fc.record({ name: text, city: text }), { maxLength: 40 }).map((list) => list.map((doc, i) => ({ _id: i, ...doc })));
	const direction = fc.constantFrom<1 | -1>(1, -1);

	it('orders plain string keys exactly like mingo, ties kept in natural order, on one or two keys', () => {
		fc.assert(
			fc.property(docs, direction, direction, fc.nat(5), fc.nat(5), (list, first, second, skip, limit) => {
				for (const sort of [{ name: first }, { city: first, name: second }] as Record<string, 1 | -1>[]) {
					const ids = shapeResults(list, { sort, skip, limit }).map((doc) => doc._id);
					expect(ids).to.deep.equal(mingoSorted(list, sort, skip, limit).map((doc) => doc._id));
				}
			}),
		);
	});

	it('leaves mixed, missing and nested-array keys to mingo, so they keep MongoDB order', () => {
		const mixed = [{ _id: 1, name: 'b' }, { _id: 2 }, { _id: 3, name: 5 }, { _id: 4, name: null }, { _id: 5, name: 'a' }, { _id: 6, name: ['c', 'a'] }];

		expect(shapeResults(mixed, { sort: { name: 1 } }).map((doc) => doc._id)).to.deep.equal(mingoSorted(mixed, { name: 1 }).map((doc) => doc._id));
		expect(shapeResults(mixed, { sort: { 'name.x': -1 } }).map((doc) => doc._id)).to.deep.equal(mingoSorted(mixed, { 'name.x': -1 }).map((doc) => doc._id));
	});

	it('returns copies, also from the fast path', () => {
		const stored = [{ _id: 1, name: 'b', tags: ['x'] }, { _id: 2, name: 'a', tags: ['y'] }];

		const [first] = shapeResults(stored, { sort: { name: 1 } });
		first.tags.push('changed');

		expect(stored[1].tags).to.deep.equal(['y']);
	});
});
