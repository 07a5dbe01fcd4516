import { expect } from 'chai';
import fc from 'fast-check';
import type { Document } from 'mongodb';

import { sortDocuments } from '../sorting';
import { SortOrder } from './sortOrder';

describe('SortOrder', () => {
	const name = fc.oneof(fc.string({ unit: fc.constantFrom('a', 'B', 'b', 'é', '😀', '\uffff'), maxLength: 3 }), fc.integer({ min: -2, max: 2 }), fc.constant(undefined), fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 2 }));
	const write = fc.record({ slot: fc.nat(30), name, remove: fc.boolean(), query: fc.boolean() });

	it('reads pages in the same order as sorting the admitted documents, through writes and rebuilds (property)', () => {
		fc.assert(
			fc.property(fc.array(write, { maxLength: 80 }), fc.constantFrom<1 | -1>(1, -1), fc.nat(12), fc.nat(3), (writes, direction, count, modulus) => {
				const order = new SortOrder('name', direction);
				const slots: (Document | undefined)[] = [];
				const accept = (slot: number) => modulus === 0 || slot % (modulus + 1) !== 0;
				const check = () => {
					const admitted = slots.flatMap((doc, slot) => (doc && accept(slot) ? [{ ...doc, slot }] : []));
					const expected = sortDocuments(admitted, { name: direction }).slice(0, count).map((doc) => doc.slot);
					expect(order.leading(count, accept, (slot) => slots[slot], slots.length)).to.deep.equal(expected);
				};
				for (const { slot, name: value, remove, query } of writes) {
					slots[slot] = remove ? undefined : value === undefined ? {} : { name: value };
					order.noteWrite(slot);
					if (query) check();
				}
				check();
			}),
			{ numRuns: 300 },
		);
	});
});
