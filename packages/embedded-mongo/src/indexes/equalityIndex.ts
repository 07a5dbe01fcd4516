import type { Document } from 'mongodb';

import { duplicateKeyError } from '../errors';
import { Query } from '../queryEngine';
import { existsAtSegments, SEVERAL, singleValueAtSegments, valueKey, valuesAtSegments } from '../values';
import type { IndexDefinition } from './definition';
import { addSlot, bucketSize, hasOtherSlot, removeSlot, slotsOf, type SlotBucket } from './slotSet';

/** A compound multikey array would explode combinatorially; MongoDB refuses far less. */
const MAX_KEYS_PER_DOCUMENT = 10_000;
const KEY_SEPARATOR = '\u0001';
const NO_KEYS: readonly string[] = [];

/**
 * A hash index over one or more fields (multikey over arrays). It answers
 * equality and `$in` lookups when every indexed field is constrained, and it
 * enforces uniqueness. Sparse and partial indexes skip documents exactly as
 * MongoDB does, which matters for uniqueness. Key generation avoids
 * per-document allocations where it can: it runs for every index on every
 * write and for every document at startup.
 */
export class EqualityIndex {
	private readonly entries = new Map<string, SlotBucket>();
	private readonly fields: string[];
	private readonly segments: string[][];
	private readonly partial?: (doc: Document) => boolean;

	constructor(
		readonly definition: IndexDefinition,
		private readonly namespace: string,
	) {
		this.fields = Object.keys(definition.key);
		this.segments = this.fields.map((field) => field.split('.'));
		if (definition.partialFilterExpression) {
			this.partial = partialFilterPredicate(definition.partialFilterExpression);
		}
	}

	get fieldNames(): readonly string[] {
		return this.fields;
	}

	add(slot: number, doc: Document): void {
		for (const key of this.keysOf(doc)) {
			const bucket = this.entries.get(key);
			const next = addSlot(bucket, slot);
			if (next !== bucket) this.entries.set(key, next);
		}
	}

	remove(slot: number, doc: Document): void {
		for (const key of this.keysOf(doc)) {
			const bucket = this.entries.get(key);
			if (bucket === undefined) continue;
			const rest = removeSlot(bucket, slot);
			if (rest === undefined) {
				this.entries.delete(key);
			} else if (rest !== bucket) {
				this.entries.set(key, rest);
			}
		}
	}

	/**
	 * Throws the driver's duplicate-key error if `doc` (stored at `self`, or -1 when new) would collide.
	 * `holder`, when given, says whether the document at a colliding slot still has a key (a transaction
	 * may have rewritten it without the key, which the index does not know yet).
	 */
	assertUnique(doc: Document, self: number, holder?: (slot: number) => Document | undefined): void {
		if (!this.definition.unique) return;
		for (const key of this.keysOf(doc)) {
			const bucket = this.entries.get(key);
			if (!hasOtherSlot(bucket, self)) continue;
			if (holder && ![...slotsOf(bucket)].some((slot) => slot !== self && this.hasKey(holder(slot), key))) continue;
			throw duplicateKeyError(this.namespace, this.definition.name, { ...this.definition.key }, this.keyValue(doc, key));
		}
	}

	private hasKey(doc: Document | undefined, key: string): boolean {
		return doc !== undefined && this.keysOf(doc).includes(key);
	}

	/** Slots whose indexed fields equal one of the given value combinations (one array of candidates per field). */
	lookup(valuesPerField: unknown[][]): number[] {
		const slots: number[] = [];
		for (const combination of cartesian(valuesPerField)) {
			for (const slot of slotsOf(this.entries.get(this.compose(combination)))) {
				slots.push(slot);
			}
		}
		return slots;
	}

	/** The slots under one value of a single-field index (shared: do not modify). */
	bucket(value: unknown): SlotBucket | undefined {
		return this.entries.get(valueKey(value));
	}

	/** Estimated matches for a lookup, so the planner can prefer the most selective index. */
	estimate(valuesPerField: unknown[][]): number {
		let total = 0;
		for (const combination of cartesian(valuesPerField)) {
			const bucket = this.entries.get(this.compose(combination));
			total += bucketSize(bucket);
		}
		return total;
	}

	clear(): void {
		this.entries.clear();
	}

	private compose(values: unknown[]): string {
		return values.length === 1 ? valueKey(values[0]) : values.map(valueKey).join(KEY_SEPARATOR);
	}

	private keysOf(doc: Document): readonly string[] {
		if (this.partial && !this.partial(doc)) return NO_KEYS;
		if (this.segments.length === 1) {
			const single = singleValueAtSegments(doc, this.segments[0]);
			if (single !== SEVERAL) {
				return this.definition.sparse && single === undefined ? NO_KEYS : [valueKey(single)];
			}
			const values = valuesAtSegments(doc, this.segments[0]);
			if (values.length === 1) {
				return this.definition.sparse && values[0] === undefined ? NO_KEYS : [valueKey(values[0])];
			}
			return [...new Set(values.map(valueKey))];
		}
		const singles = this.segments.map((segments) => singleValueAtSegments(doc, segments));
		if (!singles.includes(SEVERAL)) {
			return this.definition.sparse && singles.every((value) => value === undefined) ? NO_KEYS : [this.compose(singles)];
		}
		const perField = this.segments.map((segments) => valuesAtSegments(doc, segments));
		if (this.definition.sparse && perField.every((values) => values.length === 1 && values[0] === undefined)) return NO_KEYS;
		if (perField.every((values) => values.length === 1)) return [this.compose(perField.map((values) => values[0]))];
		const keys = new Set<string>();
		for (const combination of cartesian(perField)) keys.add(this.compose(combination));
		return [...keys];
	}

	/** The `{ field: value }` pair MongoDB reports for a colliding key. */
	private keyValue(doc: Document, key: string): Record<string, unknown> {
		const perField = this.segments.map((segments) => valuesAtSegments(doc, segments));
		for (const combination of cartesian(perField)) {
			if (this.compose(combination) === key) {
				return Object.fromEntries(this.fields.map((field, i) => [field, combination[i] ?? null]));
			}
		}
		return {};
	}
}

/**
 * A partial index tests its filter on every write and on every document at
 * startup. The usual filters — `{ path: { $exists: true } }` and
 * `{ path: <primitive> }` — are checked directly when no array is on the
 * path; anything else goes to mingo.
 */
function partialFilterPredicate(filter: Document): (doc: Document) => boolean {
	const query = new Query(filter);
	const checks = Object.entries(filter).map(([path, condition]) => {
		const segments = path.split('.');
		const existsTrue = typeof condition === 'object' && condition !== null && Object.keys(condition).length === 1 && condition.$exists === true;
		const primitive = condition === null || (typeof condition !== 'object' && typeof condition !== 'function');
		if (!existsTrue && !primitive) return null;
		return (doc: Document): boolean | typeof SEVERAL => {
			if (existsTrue) return existsAtSegments(doc, segments);
			const value = singleValueAtSegments(doc, segments);
			if (value === SEVERAL) return SEVERAL;
			return value === condition || (condition === null && value === undefined);
		};
	});
	if (checks.some((check) => check === null)) return (doc) => query.test(doc);
	return (doc) => {
		for (const check of checks) {
			const result = (check as (doc: Document) => boolean | typeof SEVERAL)(doc);
			if (result === SEVERAL) return query.test(doc);
			if (!result) return false;
		}
		return true;
	};
}

function* cartesian(lists: unknown[][]): Iterable<unknown[]> {
	if (lists.length === 1) {
		for (const value of lists[0]) yield [value];
		return;
	}
	let produced = 0;
	const walk = function* (depth: number, prefix: unknown[]): Iterable<unknown[]> {
		if (depth === lists.length) {
			produced++;
			if (produced > MAX_KEYS_PER_DOCUMENT) {
				throw new Error('Too many index keys for one document');
			}
			yield prefix.slice();
			return;
		}
		for (const value of lists[depth]) {
			prefix.push(value);
			yield* walk(depth + 1, prefix);
			prefix.pop();
		}
	};
	yield* walk(0, []);
}
