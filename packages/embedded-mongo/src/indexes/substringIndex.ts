import type { Document } from 'mongodb';

import { valuesAtSegments } from '../values';
import { foldedCodeAt } from './caseFolding';
import type { IndexDefinition } from './definition';

const GRAM = 3;
/** Intersecting the few rarest trigrams is enough; candidates are re-checked anyway. */
const MAX_LISTS_INTERSECTED = 4;
/** Trigrams of characters below U+0400 pack into one small integer (no string per trigram). */
const PACKED_CHAR_LIMIT = 1024;

/** A growable list of slots in a typed array (4 bytes per posting). */
class PostingList {
	data = new Int32Array(4);
	length = 0;

	/** Appends `slot` unless it is already last; returns whether it was added. */
	push(slot: number): boolean {
		if (this.length > 0 && this.data[this.length - 1] === slot) return false;
		if (this.length === this.data.length) {
			const grown = new Int32Array(this.data.length * 2);
			grown.set(this.data);
			this.data = grown;
		}
		this.data[this.length++] = slot;
		return true;
	}
}

type Gram = number | string;

/**
 * Calls `fn` for each case-folded trigram of `text` (folded as the `i` regex
 * flag folds, see `caseFolding.ts`), repeats included. Common trigrams are
 * packed integers, others strings.
 */
function forEachTrigram(text: string, fn: (gram: Gram) => void): void {
	for (let i = 0; i + GRAM <= text.length; i++) {
		const a = foldedCodeAt(text, i);
		const b = foldedCodeAt(text, i + 1);
		const c = foldedCodeAt(text, i + 2);
		fn(a < PACKED_CHAR_LIMIT && b < PACKED_CHAR_LIMIT && c < PACKED_CHAR_LIMIT ? (a << 20) | (b << 10) | c : String.fromCharCode(a, b, c));
	}
}

/**
 * Trigram index over the case-folded string values of one field (array paths included).
 * Removal is lazy: stale postings stay until they outnumber live ones and the
 * owner rebuilds the index; every candidate is re-checked against the filter,
 * so stale postings cost time, never correctness.
 */
export class SubstringIndex {
	private postings = new Map<Gram, PostingList>();
	private marks = new Int32Array(0);
	private generation = 0;
	private livePostings = 0;
	private stalePostings = 0;
	private readonly field: string;
	private readonly segments: string[];

	constructor(readonly definition: IndexDefinition) {
		this.field = Object.keys(definition.key)[0];
		this.segments = this.field.split('.');
	}

	get fieldName(): string {
		return this.field;
	}

	get needsRebuild(): boolean {
		return this.stalePostings > 1024 && this.stalePostings > this.livePostings;
	}

	add(slot: number, doc: Document): void {
		this.forEachGram(doc, (gram) => {
			let list = this.postings.get(gram);
			if (!list) {
				list = new PostingList();
				this.postings.set(gram, list);
			}
			// A trigram repeated in the same document meets its own slot at the tail and is skipped.
			if (list.push(slot)) this.livePostings++;
		});
	}

	remove(_slot: number, doc: Document): void {
		// Counts repeated trigrams more than once: the rebuild threshold is an estimate.
		this.forEachGram(doc, () => {
			this.livePostings--;
			this.stalePostings++;
		});
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
		let missing = false;
		forEachTrigram(literal, (gram) => {
			const list = this.postings.get(gram);
			if (!list) missing = true;
			else if (!lists.includes(list)) lists.push(list);
		});
		if (missing || lists.length === 0) return [];
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
		// marks[slot] === base + i means "present in the first i lists" for this query.
		const base = this.generation;
		this.generation += used.length + 1;
		const marks = this.marks;
		for (let i = 0; i < used.length; i++) {
			const { data, length } = used[i];
			const expected = base + i;
			for (let j = 0; j < length; j++) {
				const slot = data[j];
				if (i === 0 ? marks[slot] <= base : marks[slot] === expected) {
					marks[slot] = expected + 1;
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

	private forEachGram(doc: Document, fn: (gram: Gram) => void): void {
		for (const value of valuesAtSegments(doc, this.segments)) {
			if (typeof value === 'string') forEachTrigram(value, fn);
		}
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
