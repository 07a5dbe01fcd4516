import { Bitset } from './bitset';

/**
 * Slots (document positions) under one index key. Most keys hold one
 * document, so the common case is a bare number; a few hold several (a small
 * array); busier keys a Set so removal stays O(1); hot keys like
 * `unknown: false` a Bitset, which is smaller still and lets a query
 * intersect and count whole keys at once.
 */
export type SlotBucket = number | number[] | Set<number> | Bitset;

const SMALL_BUCKET = 16;
const SET_BUCKET = 4_096;

export function addSlot(bucket: SlotBucket | undefined, slot: number): SlotBucket {
	if (bucket === undefined) {
		return slot;
	}
	if (typeof bucket === 'number') {
		return bucket === slot ? bucket : [bucket, slot];
	}
	if (Array.isArray(bucket)) {
		if (bucket.includes(slot)) {
			return bucket;
		}
		if (bucket.length < SMALL_BUCKET) {
			bucket.push(slot);
			return bucket;
		}
		const set = new Set(bucket);
		set.add(slot);
		return set;
	}
	if (bucket instanceof Bitset) {
		bucket.add(slot);
		return bucket;
	}
	bucket.add(slot);
	return bucket.size < SET_BUCKET ? bucket : Bitset.from(bucket);
}

/** Returns the bucket without `slot`, or undefined once it is empty. */
export function removeSlot(bucket: SlotBucket, slot: number): SlotBucket | undefined {
	if (typeof bucket === 'number') {
		return bucket === slot ? undefined : bucket;
	}
	if (Array.isArray(bucket)) {
		const position = bucket.indexOf(slot);
		if (position >= 0) {
			bucket.splice(position, 1);
		}
		if (bucket.length === 1) {
			return bucket[0];
		}
		return bucket.length ? bucket : undefined;
	}
	bucket.delete(slot);
	return bucket.size ? bucket : undefined;
}

export function bucketSize(bucket: SlotBucket | undefined): number {
	if (bucket === undefined) return 0;
	if (typeof bucket === 'number') return 1;
	return Array.isArray(bucket) ? bucket.length : bucket.size;
}

/** The bucket as a Bitset (shared when it already is one: do not modify). */
export function bucketBitset(bucket: SlotBucket | undefined): Bitset {
	if (bucket instanceof Bitset) return bucket;
	if (bucket === undefined) return new Bitset();
	return Bitset.from(typeof bucket === 'number' ? [bucket] : bucket);
}

export function* slotsOf(bucket: SlotBucket | undefined): Iterable<number> {
	if (bucket === undefined) {
		return;
	}
	if (typeof bucket === 'number') {
		yield bucket;
		return;
	}
	yield* bucket;
}

export function hasOtherSlot(bucket: SlotBucket | undefined, self: number): boolean {
	if (bucket === undefined) {
		return false;
	}
	if (typeof bucket === 'number') {
		return bucket !== self;
	}
	if (Array.isArray(bucket)) {
		return bucket.some((slot) => slot !== self);
	}
	return bucket.size > 1 || (bucket.size === 1 && !bucket.has(self));
}
