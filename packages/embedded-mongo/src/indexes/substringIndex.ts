import type { Document } from 'mongodb';

import { valuesAtPath } from '../values';
import type { IndexDefinition } from './definition';

const GRAM = 3;
/** Intersecting the few rarest trigrams is enough; candidates are re-checked anyway. */
const MAX_LISTS_INTERSECTED = 4;

/** A growable list of slots in a typed array (4 bytes per posting). */
class PostingList {
	data = new Int32Array(2);
	length = 0;

	push(slot: number): void {
		if (this.length > 0 && this.data[this.length - 1] === slot) return;
		if (this.length === this.data.length) {
			const grown = new Int32Array(this.data.length * 2);
			grown.set(this.data);
			this.data = grown;
		}
		this.data[this.length++] = slot;
	}
}

/** Lower-cased trigrams of a string (the search side lower-cases the same way). */
export function trigramsOf(text: string): Set<string> {
	const lower = text.toLowerCase();
	const grams = new Set<string>();
	for (let i = 0; i + GRAM <= lower.length; i++) {
		grams.add(lower.slice(i, i + GRAM));
	}
	return grams;
}

/**
 * Trigram index over the string values of one field (array paths included).
 * Removal is lazy: stale postings stay until they outnumber live ones and the
 * owner rebuilds the index; every candidate is re-checked against the filter,
 * so stale postings cost time, never correctness.
 */
export class SubstringIndex {
	private postings = new Map<string, PostingList>();
	private marks = new Int32Array(0);
	private generation = 0;
	private livePostings = 0;
	private stalePostings = 0;
	private readonly field: string;

	constructor(readonly definition: IndexDefinition) {
		this.field = Object.keys(definition.key)[0];
	}

	get fieldName(): string {
		return this.field;
	}

	get needsRebuild(): boolean {
		return this.stalePostings > 1024 && this.stalePostings > this.livePostings;
	}

	add(slot: number, doc: Document): void {
		for (const gram of this.gramsOf(doc)) {
			let list = this.postings.get(gram);
			if (!list) {
				list = new PostingList();
				this.postings.set(gram, list);
			}
			list.push(slot);
			this.livePostings++;
		}
	}

	remove(_slot: number, doc: Document): void {
		const count = this.gramsOf(doc).size;
		this.livePostings -= count;
		this.stalePostings += count;
	}

	clear(): void {
		this.postings = new Map();
		this.livePostings = 0;
		this.stalePostings = 0;
	}

	/**
	 * Slots that may contain `literal` (≥ 3 chars) case-insensitively, in
	 * ascending order; a superset of the true matches.
	 */
	candidates(literal: string, slotCapacity: number): number[] {
		const lists: PostingList[] = [];
		for (const gram of trigramsOf(literal)) {
			const list = this.postings.get(gram);
			if (!list) return [];
			lists.push(list);
		}
		lists.sort((a, b) => a.length - b.length);
		const used = lists.slice(0, MAX_LISTS_INTERSECTED);
		if (used.length === 1) {
			return sortedUnique(used[0].data.subarray(0, used[0].length));
		}
		if (this.marks.length < slotCapacity) {
			this.marks = new Int32Array(Math.max(slotCapacity, this.marks.length * 2));
			this.generation = 0;
		}
		if (this.generation > 2 ** 30) {
			this.marks.fill(0);
			this.generation = 0;
		}
		const base = this.generation;
		this.generation += used.length + 1;
		const marks = this.marks;
		for (let i = 0; i < used.length; i++) {
			const { data, length } = used[i];
			const expected = i === 0 ? -1 : base + i;
			for (let j = 0; j < length; j++) {
				const slot = data[j];
				if (i === 0 ? marks[slot] <= base : marks[slot] === expected) {
					marks[slot] = base + i + 1;
				}
			}
		}
		const last = used[used.length - 1];
		const result: number[] = [];
		const done = base + used.length;
		for (let j = 0; j < last.length; j++) {
			const slot = last.data[j];
			if (marks[slot] === done) {
				result.push(slot);
				marks[slot] = done + 1;
			}
		}
		return result.sort((a, b) => a - b);
	}

	private gramsOf(doc: Document): Set<string> {
		const grams = new Set<string>();
		for (const value of valuesAtPath(doc, this.field)) {
			if (typeof value === 'string') {
				for (const gram of trigramsOf(value)) grams.add(gram);
			}
		}
		return grams;
	}
}

function sortedUnique(slots: Int32Array): number[] {
	const sorted = Array.from(slots).sort((a, b) => a - b);
	const result: number[] = [];
	for (const slot of sorted) {
		if (result.length === 0 || result[result.length - 1] !== slot) result.push(slot);
	}
	return result;
}
