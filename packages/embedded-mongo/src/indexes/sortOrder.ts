import type { Document } from 'mongodb';

import { compareValues, hasHighCodeUnits, sortKeyOf } from '../bsonOrder';

/** Rebuild once this share of the slots changed since the last build (and at least `MIN_STALE_TO_REBUILD`). */
const STALE_SHARE_TO_REBUILD = 16;
const MIN_STALE_TO_REBUILD = 1_024;

/**
 * Every document's slot in MongoDB's sort order on one field and direction
 * (ties in natural order), so that a page of a large match set is read off
 * in order instead of sorting the whole set. Built on first use; writes
 * since then are kept aside as "stale" slots, which a walk merges in by
 * their current keys and skips in the built order, until there are enough
 * of them to rebuild.
 */
export class SortOrder {
	private order: Int32Array | null = null;
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
		for (let i = 0; i < order.length && result.length < count; i++) {
			const slot = order[i];
			if (flags[slot] || !accept(slot)) continue;
			if (next < pending.length) {
				const key = keyOf(slot);
				while (next < pending.length && result.length < count && compare(pending[next].slot, pending[next].key, slot, key) < 0) result.push(pending[next++].slot);
				if (result.length >= count) break;
			}
			result.push(slot);
		}
		while (next < pending.length && result.length < count) result.push(pending[next++].slot);
		return result;
	}

	get byteLength(): number {
		return (this.order?.byteLength ?? 0) + this.staleFlags.byteLength;
	}

	private build(at: (slot: number) => Document | undefined, capacity: number): void {
		const slots: number[] = [];
		const keys: unknown[] = new Array(capacity);
		let plainStrings = true;
		for (let slot = 0; slot < capacity; slot++) {
			const doc = at(slot);
			if (doc === undefined) continue;
			const key = sortKeyOf(doc, this.segments, this.direction);
			if (typeof key !== 'string' || hasHighCodeUnits(key)) plainStrings = false;
			slots.push(slot);
			keys[slot] = key;
		}
		const { direction } = this;
		// Strings without surrogates or U+E000–U+FFFF order the same by code unit as by code point: native comparison is exact and fastest.
		slots.sort(
			plainStrings
				? (a, b) => {
						const x = keys[a] as string;
						const y = keys[b] as string;
						return x === y ? a - b : (x < y ? -1 : 1) * direction;
					}
				: (a, b) => compareValues(keys[a], keys[b]) * direction || a - b,
		);
		this.order = Int32Array.from(slots);
		this.staleFlags = new Uint8Array(capacity);
		this.staleSlots = [];
	}
}
