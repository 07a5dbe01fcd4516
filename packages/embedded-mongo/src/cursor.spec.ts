import { expect } from 'chai';
import fc from 'fast-check';

import { compareStrings } from './bsonOrder';
import { shapeResults } from './cursor';

describe('shapeResults sorting', () => {
	const text = fc.string({ unit: fc.constantFrom('a', 'B', 'b', 'é', 'É', ' ', '1', '😀', '\uffff', '\ue000'), maxLength: 4 });
	const value = fc.oneof(text, fc.integer({ min: -3, max: 3 }), fc.constant(null), fc.array(fc.oneof(text, fc.integer({ min: -3, max: 3 })), { maxLength: 3 }));
	const docs = fc.array(fc.record({ name: value, city: text }, { requiredKeys: ['city'] }), { maxLength: 40 }).map((list) => list.map((doc, i) => ({ _id: i, ...doc })));
	const direction = fc.constantFrom<1 | -1>(1, -1);

	it('a page (skip + limit, picked with a bounded heap) is the same slice of the fully sorted list', () => {
		fc.assert(
			fc.property(docs, direction, direction, fc.nat(5), fc.nat(5), (list, first, second, skip, limit) => {
				for (const sort of [{ name: first }, { city: first, name: second }] as Record<string, 1 | -1>[]) {
					const all = shapeResults(list, { sort }).map((doc) => doc._id);
					const page = shapeResults(list, { sort, skip, limit }).map((doc) => doc._id);
					expect(page).to.deep.equal(all.slice(skip, limit ? skip + limit : undefined));
				}
			}),
		);
	});

	it('orders strings by code point, as UTF-8 bytes compare', () => {
		fc.assert(
			fc.property(fc.array(text, { maxLength: 20 }), (names) => {
				const sorted = shapeResults(names.map((name, _id) => ({ _id, name })), { sort: { name: 1 } }).map((doc) => doc.name);
				const byBytes = [...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
				expect(sorted).to.deep.equal(byBytes);
			}),
		);
		expect(compareStrings('\uffff', '😀')).to.be.below(0);
		expect(compareStrings('\ue000', '\ud7ff')).to.be.above(0);
	});

	it('keeps ties in the given order', () => {
		const list = [{ _id: 1, n: 1 }, { _id: 2, n: 0 }, { _id: 3, n: 1 }, { _id: 4, n: 0 }];
		expect(shapeResults(list, { sort: { n: -1 } }).map((doc) => doc._id)).to.deep.equal([1, 3, 2, 4]);
	});

	it('returns copies', () => {
		const stored = [{ _id: 1, name: 'b', tags: ['x'] }, { _id: 2, name: 'a', tags: ['y'] }];

		const [first] = shapeResults(stored, { sort: { name: 1 } });
		first.tags.push('changed');

		expect(stored[1].tags).to.deep.equal(['y']);
	});
});
