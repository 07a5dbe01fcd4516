import { expect } from 'chai';
import { escapeRegExp } from '@omni/string-helpers';
import fc from 'fast-check';
import { Query } from './queryEngine';
import type { Document } from 'mongodb';

import { compileFilter, UNDECIDED } from './compiledFilter';

const text = fc.string({ unit: fc.constantFrom('a', 'B', 'é', '.', '(', '5', ' '), maxLength: 4 });
const scalar = fc.oneof(text, fc.integer({ min: -2, max: 2 }), fc.boolean());
const leaf = fc.oneof(scalar, fc.constant(null), fc.array(scalar, { maxLength: 3 }));
const doc = fc.record(
	{
		name: leaf,
		unknown: fc.oneof(fc.boolean(), fc.constant(null)),
		enabled: fc.boolean(),
		emails: fc.array(fc.record({ address: leaf }, { requiredKeys: [], noNullPrototype: true }), { maxLength: 3 }),
		meta: fc.oneof(fc.record({ tag: leaf }, { requiredKeys: [], noNullPrototype: true }), scalar),
	},
	{ requiredKeys: [], noNullPrototype: true },
);
const path = fc.constantFrom('name', 'unknown', 'enabled', 'emails.address', 'meta.tag', 'missing', 'emails');
const escapedText = text.map((value) => escapeRegExp(value));
const condition = fc.oneof(
	scalar,
	scalar.map(($ne) => ({ $ne })),
	scalar.map(($eq) => ({ $eq })),
	fc.array(scalar, { maxLength: 3 }).map(($in) => ({ $in })),
	fc.record({ $regex: escapedText, $options: fc.constantFrom('i', '', 'im') }),
	escapedText.map((source) => new RegExp(source, 'i')),
);
const { filter } = fc.letrec((tie) => ({
	field: fc.tuple(path, condition).map(([key, value]) => ({ [key]: value })),
	filter: fc.oneof(
		{ depthSize: 'small' },
		tie('field'),
		fc.array(tie('field'), { minLength: 1, maxLength: 3 }).map((clauses) => Object.assign({}, ...clauses)),
		fc.array(tie('filter'), { minLength: 1, maxLength: 3 }).map(($or) => ({ $or })),
		fc.array(tie('filter'), { minLength: 1, maxLength: 2 }).map(($nor) => ({ $nor })),
		fc.tuple(fc.array(tie('filter'), { minLength: 1, maxLength: 2 }), tie('field')).map(([$and, field]) => ({ $and, ...(field as Document) })),
	),
}));

/**
 * mingo's `$in` does not look into arrays reached through a dotted path
 * (MongoDB does, as for equality), so the reference spells `$in` as an `$or`
 * of equalities, which mingo gets right.
 */
function withInAsEqualities(query: unknown): unknown {
	if (Array.isArray(query)) return query.map(withInAsEqualities);
	if (query === null || typeof query !== 'object' || query instanceof RegExp) return query;
	const rewritten: Document = {};
	const ors: Document[] = [];
	for (const [key, value] of Object.entries(query)) {
		const list = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Document).$in : undefined;
		if (!key.startsWith('$') && Array.isArray(list)) {
			ors.push({ $or: list.length ? list.map((item) => ({ [key]: item })) : [{ _never: { $exists: true, $eq: 'never' } }] });
		} else {
			rewritten[key] = withInAsEqualities(value);
		}
	}
	return ors.length ? { ...rewritten, $and: [...((rewritten.$and as Document[]) ?? []), ...ors] } : rewritten;
}

describe('compileFilter', () => {
	it('decides exactly like mingo for equality, $eq, $ne, $in, $regex, $and, $or and $nor on dotted paths, compiled once per shape', () => {
		fc.assert(
			fc.property(fc.array(doc, { maxLength: 8 }), filter, (docs, query) => {
				const compiled = compileFilter(query as Document);
				expect(compiled, JSON.stringify(query)).to.be.a('function');
				const reference = new Query(withInAsEqualities(query) as Document);
				for (const candidate of docs) {
					const decided = compiled!(candidate);
					if (decided !== UNDECIDED) {
						expect(decided, `${JSON.stringify(query)} on ${JSON.stringify(candidate)}`).to.equal(reference.test(candidate));
					}
				}
			}),
			{ numRuns: 2000 },
		);
	});

	it('leaves other operators and shapes to mingo', () => {
		for (const query of [
			{ name: null },
			{ name: { $in: [null] } },
			{ name: { $exists: true } },
			{ name: { first: 'a' } },
			{ 'emails.0.address': 'a' },
			{ $nor: [{ name: null }] },
			{ name: { $regex: 'a', $options: 'x' } },
			{ name: /a/g },
			{ $or: [] },
		]) {
			expect(compileFilter(query), JSON.stringify(query)).to.equal(null);
		}
	});

	it('answers UNDECIDED for values whose comparison only mingo knows', () => {
		const compiled = compileFilter({ _id: 'abc', 'tags.x': 'y' })!;

		expect(compiled({ _id: new Date(0) })).to.equal(UNDECIDED);
		expect(compiled({ _id: 'abc', tags: [[{ x: 'y' }]] })).to.equal(UNDECIDED);
		expect(compiled({ _id: 'abc', tags: [{ x: 'y' }] })).to.equal(true);
	});
});
