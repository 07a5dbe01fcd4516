import type { Document } from 'mongodb';

import { compareValues, hasHighCodeUnits, sortKeyOf } from '../bsonOrder';

/** Rebuild once this share of the slots changed since the last build (and at least `MIN_STALE_TO_REBUILD`). */
const STALE_SHARE_TO_REBUILD = 16;
const MIN_STALE_TO_REBUILD = 1_024;

/** Buckets: 0 = keys below strings, 1 = the empty string, then strings by their first two code units, last = keys above strings. */
const LATIN = 256;
const PER_FIRST_UNIT = LATIN + 2;
const WIDE_FIRST_START = 2 + LATIN * PER_FIRST_UNIT;
const ABOVE_STRINGS = WIDE_FIRST_START + 0x10000;
const BUCKETS = ABOVE_STRINGS + 1;

/** A code unit's position in code point order (surrogates after U+E000–U+FFFF). */
function unitRank(unit: number): number {
	return unit < 0xd800 ? unit : unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}

/** The bucket of a sort key: bucket order agrees with key order, so only keys within a bucket need comparing. */
function bucketOf(key: unknown): number {
	if (typeof key !== 'string') {
		const order = compareValues(key, '');
		return order < 0 ? 0 : ABOVE_STRINGS;
	}
	if (key.length === 0) return 1;
	const first = unitRank(key.charCodeAt(0));
	if (first >= LATIN) return WIDE_FIRST_START + first - LATIN;
	if (key.length === 1) return 2 + first * PER_FIRST_UNIT;
	const second = unitRank(key.charCodeAt(1));
	return 2 + first * PER_FIRST_UNIT + (second < LATIN ? 1 + second : LATIN + 1);
}

/**
 * Every document's slot in MongoDB's sort order on one field and direction
 * (ties in natural order), so that a page of a large match set is read off
 * in order instead of sorting the whole set. Building is a counting sort by
 * bucket (the first two code units of a string key): linear, so even a
 * million documents take a moment; each bucket is sorted the first time a
 * page reaches it. Writes since the build are kept aside as "stale" slots,
 * which a walk merges in by their current keys and skips in the built
 * order, until there are enough of them to rebuild.
 */
export class SortOrder {
	private order: Int32Array | null = null;
	private bucketStarts = new Int32Array(0);
	private sortedBuckets = new Uint8Array(0);
	private staleFlags = new Uint8Array(0);
	private staleSlots: number[] = [];
	private readonly segments: string[];

	constructor(
		readonly field: string,
		readonly direction: 1 | -1,
	) {
		this.segments = field.split('.');
	}

	/** A document in `slot` was inserted, replaced or removed. */
	noteWrite(slot: number): void {
		if (this.order === null) return;
		if (slot >= this.staleFlags.length) {
			const grown = new Uint8Array(Math.max(slot + 1, Math.ceil(this.staleFlags.length * 1.5)));
			grown.set(this.staleFlags);
			this.staleFlags = grown;
		}
		if (this.staleFlags[slot]) return;
		this.staleFlags[slot] = 1;
		this.staleSlots.push(slot);
	}

	/** Slots were renumbered: start over. */
	reset(): void {
		this.order = null;
		this.staleSlots = [];
		this.staleFlags = new Uint8Array(0);
	}

	/**
	 * The first `count` slots in sort order that `accept` admits, reading
	 * documents through `at`.
	 */
	leading(count: number, accept: (slot: number) => boolean, at: (slot: number) => Document | undefined, capacity: number): number[] {
		if (this.order === null || this.staleSlots.length > Math.max(MIN_STALE_TO_REBUILD, this.order.length / STALE_SHARE_TO_REBUILD)) {
			this.build(at, capacity);
		}
		const order = this.order as Int32Array;
		const keyOf = (slot: number) => sortKeyOf(at(slot) as Document, this.segments, this.direction);
		const compare = (a: number, aKey: unknown, b: number, bKey: unknown) => compareValues(aKey, bKey) * this.direction || a - b;
		const pending = this.staleSlots
			.filter((slot) => at(slot) !== undefined && accept(slot))
			.map((slot) => ({ slot, key: keyOf(slot) }))
			.sort((a, b) => compare(a.slot, a.key, b.slot, b.key));
		const result: number[] = [];
		let next = 0;
		const flags = this.staleFlags;
		const ascending = this.direction === 1;
		for (let step = 0; step < BUCKETS && result.length < count; step++) {
			const bucket = ascending ? step : BUCKETS - 1 - step;
			const start = this.bucketStarts[bucket];
			const end = this.bucketStarts[bucket + 1];
			if (start === end) continue;
			if (!this.sortedBuckets[bucket]) this.sortBucket(bucket, keyOf);
			for (let i = start; i < end && result.length < count; i++) {
				const slot = order[i];
				if (flags[slot] || !accept(slot)) continue;
				if (next < pending.length) {
					const key = keyOf(slot);
					while (next < pending.length && result.length < count && compare(pending[next].slot, pending[next].key, slot, key) < 0) result.push(pending[next++].slot);
					if (result.length >= count) break;
				}
				result.push(slot);
			}
		}
		while (next < pending.length && result.length < count) result.push(pending[next++].slot);
		return result;
	}

	get byteLength(): number {
		return (this.order?.byteLength ?? 0) + this.bucketStarts.byteLength + this.sortedBuckets.byteLength + this.staleFlags.byteLength;
	}

	private build(at: (slot: number) => Document | undefined, capacity: number): void {
		const buckets = new Int32Array(capacity).fill(-1);
		const counts = new Int32Array(BUCKETS + 1);
		for (let slot = 0; slot < capacity; slot++) {
			const doc = at(slot);
			if (doc === undefined) continue;
			const bucket = bucketOf(sortKeyOf(doc, this.segments, this.direction));
			buckets[slot] = bucket;
			counts[bucket + 1]++;
		}
		for (let bucket = 0; bucket < BUCKETS; bucket++) counts[bucket + 1] += counts[bucket];
		this.bucketStarts = counts.slice();
		const order = new Int32Array(counts[BUCKETS]);
		for (let slot = 0; slot < capacity; slot++) {
			if (buckets[slot] >= 0) order[counts[buckets[slot]]++] = slot;
		}
		this.order = order;
		this.sortedBuckets = new Uint8Array(BUCKETS);
		this.staleFlags = new Uint8Array(capacity);
		this.staleSlots = [];
	}

	/** Sorts one bucket in place (slots are in natural order inside it, so ties stay in natural order). */
	private sortBucket(bucket: number, keyOf: (slot: number) => unknown): void {
		const order = this.order as Int32Array;
		const start = this.bucketStarts[bucket];
		const end = this.bucketStarts[bucket + 1];
		const slots = Array.from(order.subarray(start, end));
		const keys = new Map<number, unknown>();
		let plainStrings = true;
		for (const slot of slots) {
			const key = keyOf(slot);
			if (typeof key !== 'string' || hasHighCodeUnits(key)) plainStrings = false;
			keys.set(slot, key);
		}
		const { direction } = this;
		// Strings without surrogates or U+E000–U+FFFF order the same by code unit as by code point: native comparison is exact and fastest.
		slots.sort(
			plainStrings
				? (a, b) => {
						const x = keys.get(a) as string;
						const y = keys.get(b) as string;
						return x === y ? a - b : (x < y ? -1 : 1) * direction;
					}
				: (a, b) => compareValues(keys.get(a), keys.get(b)) * direction || a - b,
		);
		order.set(slots, start);
		this.sortedBuckets[bucket] = 1;
	}
}
