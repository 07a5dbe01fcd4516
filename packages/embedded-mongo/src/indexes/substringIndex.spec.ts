import { expect } from 'chai';
import fc from 'fast-check';

import { SubstringIndex } from './substringIndex';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('SubstringIndex', () => {
	// ASCII next to the characters whose case folding is unusual: Greek sigma in three forms, sharp s,
	// Turkish dotted and dotless i, the Kelvin sign, long s, micro sign, a ligature, a title-case digraph.
	const alphabet = fc.constantFrom(...[...'abAB.@1 \u0000', ...'σςΣßẞSsſİıiIKkKµμΜﬀfǅǆǄ😀']);
	const text = fc.array(alphabet, { maxLength: 10 }).map((chars) => chars.join(''));
	const value = fc.oneof(text, fc.array(text, { maxLength: 3 }), fc.constant(undefined), fc.integer());
	const write = fc.record({ slot: fc.oneof(fc.nat(15), fc.nat(300)), value, remove: fc.boolean() });

	it('matches exactly what a case-insensitive regex finds, through inserts, updates and removals, with or without kept results (property)', () => {
		fc.assert(
			fc.property(fc.array(write, { maxLength: 120 }), fc.array(text, { minLength: 1, maxLength: 6 }), fc.constantFrom(1, 1_000), (writes, needles, minProvenSlots) => {
				const index = new SubstringIndex({ name: 'v_substring', key: { v: 1 }, substring: true }, { minProvenSlots });
				const stored = new Map<number, { v: unknown }>();
				const check = () => {
					for (const needle of needles) {
						const regex = new RegExp(escape(needle), 'i');
						const expected = [...stored]
							.filter(([, doc]) => (Array.isArray(doc.v) ? doc.v : [doc.v]).some((item) => typeof item === 'string' && regex.test(item)))
							.map(([slot]) => slot)
							.sort((a, b) => a - b);
						if (needle === '') continue;
						expect(index.matches(needle, 301).toArray(), `${JSON.stringify(needle)} in ${JSON.stringify([...stored])}`).to.deep.equal(expected);
					}
				};
				for (const { slot, value: v, remove } of writes) {
					const previous = stored.get(slot);
					if (previous) {
						index.remove(slot, previous);
						stored.delete(slot);
					}
					if (!remove) {
						const doc = { v };
						index.add(slot, doc);
						stored.set(slot, doc);
					}
					// Queries between writes fill the kept results, which the following writes must maintain.
					if (slot % 3 === 0) check();
				}
				check();
			}),
			{ numRuns: 300 },
		);
	});
});
