import type { Document } from 'mongodb';

import { valuesAtSegments } from '../values';
import { Bitset } from './bitset';
import { foldCase } from './caseFolding';
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
/** What the index keeps of one document: its folded string(s) at the path. */
type FoldedText = string | string[];

function forEachTrigram(folded: string, fn: (gram: Gram) => void): void {
	for (let i = 0; i + GRAM <= folded.length; i++) {
		const a = folded.charCodeAt(i);
		const b = folded.charCodeAt(i + 1);
		const c = folded.charCodeAt(i + 2);
		fn(a < PACKED_CHAR_LIMIT && b < PACKED_CHAR_LIMIT && c < PACKED_CHAR_LIMIT ? (a << 20) | (b << 10) | c : folded.slice(i, i + GRAM));
	}
}

function contains(text: FoldedText | undefined, literal: string): boolean {
	if (text === undefined) return false;
	if (typeof text === 'string') return text.includes(literal);
	for (const value of text) if (value.includes(literal)) return true;
	return false;
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
	private texts: (FoldedText | undefined)[] = [];
	/** Exact results of literals the trigrams alone do not prove, most recently used last. */
	private proven = new Map<string, Bitset>();
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
		const text = this.foldedText(doc);
		if (text === undefined) return;
		this.texts[slot] = text;
		this.forEachGramOf(text, (gram) => {
			const posting = this.postings.get(gram);
			if (posting === undefined) {
				const list = new PostingList();
				list.add(slot);
				this.postings.set(gram, list);
			} else if (posting.add(slot) && posting instanceof PostingList && posting.length * DENSE_RATIO > Math.max(slot, this.texts.length)) {
				this.postings.set(gram, Bitset.from(posting.slots(), this.texts.length));
			}
		});
		for (const [literal, slots] of this.proven) {
			if (contains(text, literal)) slots.add(slot);
		}
	}

	remove(slot: number, _doc: Document): void {
		const text = this.texts[slot];
		if (text === undefined) return;
		this.texts[slot] = undefined;
		this.forEachGramOf(text, (gram) => {
			const posting = this.postings.get(gram);
			if (posting === undefined || !posting.delete(slot)) return;
			if (postingSize(posting) === 0) this.postings.delete(gram);
		});
		for (const slots of this.proven.values()) slots.delete(slot);
	}

	clear(): void {
		this.postings = new Map();
		this.texts = [];
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
		if (folded.length < GRAM) return this.scan(folded, capacity);
		const lists: Posting[] = [];
		let missing = false;
		forEachTrigram(folded, (gram) => {
			const posting = this.postings.get(gram);
			if (posting === undefined) missing = true;
			else if (!lists.includes(posting)) lists.push(posting);
		});
		if (missing) return new Bitset(capacity);
		if (folded.length === GRAM) return toBitset(lists[0], capacity);
		const proven = this.proven.get(folded);
		if (proven) {
			this.proven.delete(folded);
			this.proven.set(folded, proven);
			return proven.clone();
		}
		const result = this.verify(intersect(lists, capacity), folded, capacity);
		if (result.size >= this.minProvenSlots) this.remember(folded, result.clone());
		return result;
	}

	/** Rough memory held by the index, for reports. */
	byteSize(): { postings: number; textReferences: number; proven: number } {
		let postings = 0;
		for (const [gram, posting] of this.postings) postings += posting.byteLength + (typeof gram === 'string' ? 40 : 16) + 48;
		// Strings are counted as references only: most are shared with the stored documents.
		let texts = this.texts.length * 8;
		for (const text of this.texts) {
			if (Array.isArray(text)) texts += 16 + text.length * 8;
		}
		let proven = 0;
		for (const slots of this.proven.values()) proven += slots.byteLength;
		return { postings, textReferences: texts, proven };
	}

	private verify(candidates: Bitset, folded: string, capacity: number): Bitset {
		const result = new Bitset(capacity);
		const { texts } = this;
		candidates.forEach((slot) => {
			if (contains(texts[slot], folded)) result.add(slot);
		});
		return result;
	}

	private scan(folded: string, capacity: number): Bitset {
		const proven = this.proven.get(folded);
		if (proven) return proven.clone();
		const result = new Bitset(capacity);
		const { texts } = this;
		for (let slot = 0; slot < texts.length; slot++) {
			if (contains(texts[slot], folded)) result.add(slot);
		}
		if (result.size >= this.minProvenSlots) this.remember(folded, result.clone());
		return result;
	}

	private remember(folded: string, slots: Bitset): void {
		if (this.proven.size >= MAX_PROVEN_LITERALS) this.proven.delete(this.proven.keys().next().value as string);
		this.proven.set(folded, slots);
	}

	private foldedText(doc: Document): FoldedText | undefined {
		let single: string | undefined;
		let several: string[] | undefined;
		for (const value of valuesAtSegments(doc, this.segments)) {
			if (typeof value !== 'string') continue;
			const folded = foldCase(value);
			if (single === undefined) single = folded;
			else (several ??= [single]).push(folded);
		}
		return several ?? single;
	}

	/** Each distinct trigram of a document's text, once. */
	private forEachGramOf(text: FoldedText, fn: (gram: Gram) => void): void {
		if (typeof text === 'string') {
			const seen = new Set<Gram>();
			forEachTrigram(text, (gram) => {
				if (!seen.has(gram)) {
					seen.add(gram);
					fn(gram);
				}
			});
			return;
		}
		const seen = new Set<Gram>();
		for (const value of text) {
			forEachTrigram(value, (gram) => {
				if (!seen.has(gram)) {
					seen.add(gram);
					fn(gram);
				}
			});
		}
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
