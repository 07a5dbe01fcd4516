import type { Document } from 'mongodb';

import { valuesAtSegments } from '../values';
import { Bitset } from './bitset';
import { foldCase } from './caseFolding';
import { FoldedTexts } from './foldedTexts';
import type { IndexDefinition } from './definition';
import { PostingList } from './postingList';

const GRAM = 3;
/** Trigrams of code units below U+0400 pack into one small integer (no string per trigram). */
const PACKED_CHAR_LIMIT = 1024;
/** Slot lists longer than capacity / this become bitsets (smaller from there on, and intersected a word at a time). */
const DENSE_RATIO = 32;
/** A broad result of a literal the trigrams could not prove is kept exact through writes, so it is verified once. */
const MIN_PROVEN_SLOTS = 2_048;
const MAX_PROVEN_LITERALS = 64;

export interface SubstringIndexOptions {
	/** Results at least this large are kept (default 2,048). */
	minProvenSlots?: number;
}

type Gram = number | string;
type Posting = PostingList | Bitset;

function forEachTrigram(folded: string, fn: (gram: Gram) => void): void {
	for (let i = 0; i + GRAM <= folded.length; i++) {
		const a = folded.charCodeAt(i);
		const b = folded.charCodeAt(i + 1);
		const c = folded.charCodeAt(i + 2);
		fn(a < PACKED_CHAR_LIMIT && b < PACKED_CHAR_LIMIT && c < PACKED_CHAR_LIMIT ? (a << 20) | (b << 10) | c : folded.slice(i, i + GRAM));
	}
}

function codesOf(text: string): Uint16Array {
	const codes = new Uint16Array(text.length);
	for (let i = 0; i < text.length; i++) codes[i] = text.charCodeAt(i);
	return codes;
}

function postingSize(posting: Posting): number {
	return posting instanceof Bitset ? posting.size : posting.length;
}

/**
 * An exact substring index over the case-folded string values of one field
 * (array paths included), folded as JavaScript's `i` flag folds (see
 * `caseFolding.ts`). It keeps, per trigram, exactly the slots whose text
 * contains it (a sorted list, or a bitset once common), and per slot the
 * folded text itself (the stored string when folding changes nothing).
 *
 * `matches(literal)` answers "which documents contain this text,
 * case-insensitively" exactly: a three-character literal is one trigram's
 * slots; a longer one is the intersection of its trigrams' slots, verified
 * against the folded texts — and when that result is broad it is kept and
 * maintained through writes, so a common search (`.com`, `mail.co`) is
 * verified once, not per query; shorter literals scan the folded texts.
 */
export class SubstringIndex {
	private postings = new Map<Gram, Posting>();
	private readonly texts = new FoldedTexts();
	/** One past the highest slot seen (the size of result bitsets). */
	private capacity = 0;
	/** Exact results of literals the trigrams alone do not prove, most recently used last. */
	private proven = new Map<string, { codes: Uint16Array; slots: Bitset }>();
	private readonly field: string;
	private readonly segments: string[];

	private readonly minProvenSlots: number;

	constructor(
		readonly definition: IndexDefinition,
		{ minProvenSlots = MIN_PROVEN_SLOTS }: SubstringIndexOptions = {},
	) {
		this.minProvenSlots = minProvenSlots;
		this.field = Object.keys(definition.key)[0];
		this.segments = this.field.split('.');
	}

	get fieldName(): string {
		return this.field;
	}

	add(slot: number, doc: Document): void {
		const values = this.foldedValues(doc);
		if (values.length === 0) return;
		this.texts.set(slot, values);
		this.capacity = Math.max(this.capacity, slot + 1);
		forEachDistinctGram(values, (gram) => {
			const posting = this.postings.get(gram);
			if (posting === undefined) {
				const list = new PostingList();
				list.add(slot);
				this.postings.set(gram, list);
			} else if (posting.add(slot) && posting instanceof PostingList && posting.length * DENSE_RATIO > this.capacity) {
				this.postings.set(gram, Bitset.from(posting.slots(), this.capacity));
			}
		});
		for (const { codes, slots } of this.proven.values()) {
			if (this.texts.contains(slot, codes)) slots.add(slot);
		}
	}

	remove(slot: number, _doc: Document): void {
		const values: string[] = [];
		this.texts.forEachValue(slot, (value) => values.push(value));
		if (values.length === 0) return;
		this.texts.delete(slot);
		forEachDistinctGram(values, (gram) => {
			const posting = this.postings.get(gram);
			if (posting === undefined || !posting.delete(slot)) return;
			if (postingSize(posting) === 0) this.postings.delete(gram);
		});
		for (const { slots } of this.proven.values()) slots.delete(slot);
	}

	clear(): void {
		this.postings = new Map();
		this.texts.clear();
		this.capacity = 0;
		this.proven = new Map();
	}

	/** Hands unused growth room back once a bulk build is done. */
	trim(): void {
		for (const posting of this.postings.values()) {
			if (posting instanceof PostingList) posting.trim();
		}
	}

	/** The slots whose text contains `literal` case-insensitively, exactly. */
	matches(literal: string, capacity: number): Bitset {
		const folded = foldCase(literal);
		const codes = codesOf(folded);
		if (folded.includes('\u0000')) return this.verify(this.texts.asideSlots(), codes, capacity);
		if (folded.length < GRAM) return this.remembered(folded, codes, capacity) ?? this.keep(folded, codes, this.verify(this.texts.slots(), codes, capacity));
		const lists: Posting[] = [];
		let missing = false;
		forEachTrigram(folded, (gram) => {
			const posting = this.postings.get(gram);
			if (posting === undefined) missing = true;
			else if (!lists.includes(posting)) lists.push(posting);
		});
		if (missing) return new Bitset(capacity);
		if (folded.length === GRAM) return toBitset(lists[0], capacity);
		return this.remembered(folded, codes, capacity) ?? this.keep(folded, codes, this.verify(intersect(lists, capacity), codes, capacity));
	}

	/** Rough memory held by the index, for reports. */
	byteSize(): { postings: number; texts: number; proven: number } {
		let postings = 0;
		for (const [gram, posting] of this.postings) postings += posting.byteLength + (typeof gram === 'string' ? 40 : 16) + 48;
		let proven = 0;
		for (const { slots } of this.proven.values()) proven += slots.byteLength;
		return { postings, texts: this.texts.byteLength, proven };
	}

	private verify(candidates: Iterable<number> | Bitset, codes: Uint16Array, capacity: number): Bitset {
		const { texts } = this;
		if (candidates instanceof Bitset) return texts.containing(candidates, codes, capacity);
		const result = new Bitset(capacity);
		for (const slot of candidates) if (texts.contains(slot, codes)) result.add(slot);
		return result;
	}

	private remembered(folded: string, _codes: Uint16Array, _capacity: number): Bitset | null {
		const kept = this.proven.get(folded);
		if (!kept) return null;
		this.proven.delete(folded);
		this.proven.set(folded, kept);
		return kept.slots.clone();
	}

	/** Keeps a broad result (maintained by every write from now on), evicting the least recently used. */
	private keep(folded: string, codes: Uint16Array, result: Bitset): Bitset {
		if (result.size < this.minProvenSlots) return result;
		if (this.proven.size >= MAX_PROVEN_LITERALS) this.proven.delete(this.proven.keys().next().value as string);
		this.proven.set(folded, { codes, slots: result.clone() });
		return result;
	}

	private foldedValues(doc: Document): string[] {
		const values: string[] = [];
		for (const value of valuesAtSegments(doc, this.segments)) {
			if (typeof value === 'string') values.push(foldCase(value));
		}
		return values;
	}
}

/** Each distinct trigram of a document's values, once. */
function forEachDistinctGram(values: string[], fn: (gram: Gram) => void): void {
	const seen = new Set<Gram>();
	for (const value of values) {
		forEachTrigram(value, (gram) => {
			if (!seen.has(gram)) {
				seen.add(gram);
				fn(gram);
			}
		});
	}
}

function toBitset(posting: Posting, capacity: number): Bitset {
	return posting instanceof Bitset ? posting.clone() : Bitset.from(posting.slots(), capacity);
}

/** Slots in every posting: the smallest drives, bitsets are intersected word by word, lists probed. */
function intersect(lists: Posting[], capacity: number): Bitset {
	lists.sort((a, b) => postingSize(a) - postingSize(b));
	const [smallest, ...rest] = lists;
	const result = toBitset(smallest, capacity);
	for (const other of rest) {
		if (other instanceof Bitset) {
			result.and(other);
		} else {
			result.forEach((slot) => {
				if (!other.has(slot)) result.delete(slot);
			});
		}
	}
	return result;
}
