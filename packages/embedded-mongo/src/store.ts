import type { Document } from 'mongodb';

import { EqualityIndex } from './indexes/equalityIndex';
import { type IndexDefinition, ID_INDEX_NAME } from './indexes/definition';
import { SubstringIndex } from './indexes/substringIndex';
import { duplicateKeyError } from './errors';
import { valueKey } from './values';

export type SecondaryIndex = EqualityIndex | SubstringIndex;

/**
 * The documents of one collection and their indexes. Each document is stored
 * once, in a slot (its position in insertion order, which is also the natural
 * order); indexes refer to slots. Stored documents are never mutated: a write
 * swaps in a new object, so a reader holding the old one sees a consistent
 * version. All methods are synchronous, so each call is atomic.
 */
export class DocumentStore {
	private slots: (Document | undefined)[] = [];
	private readonly ids = new Map<string, number>();
	private readonly secondary = new Map<string, SecondaryIndex>();

	constructor(readonly namespace: string) {}

	get size(): number {
		return this.ids.size;
	}

	/** One past the highest slot ever used (for slot-indexed scratch arrays). */
	get capacity(): number {
		return this.slots.length;
	}

	get indexes(): Iterable<SecondaryIndex> {
		return this.secondary.values();
	}

	indexDefinitions(): IndexDefinition[] {
		return [...this.secondary.values()].map((index) => index.definition);
	}

	getIndex(name: string): SecondaryIndex | undefined {
		return this.secondary.get(name);
	}

	slotOfId(id: unknown): number | undefined {
		return this.ids.get(valueKey(id));
	}

	at(slot: number): Document | undefined {
		return this.slots[slot];
	}

	/** Live slots in natural order. */
	*allSlots(): Iterable<number> {
		const { slots } = this;
		for (let slot = 0; slot < slots.length; slot++) {
			if (slots[slot] !== undefined) yield slot;
		}
	}

	*documents(): Iterable<Document> {
		for (const doc of this.slots) {
			if (doc !== undefined) yield doc;
		}
	}

	/** Adds a new document (already copied and given an `_id`); returns its slot. */
	insert(doc: Document): number {
		const idKey = valueKey(doc._id);
		if (this.ids.has(idKey)) {
			throw duplicateKeyError(this.namespace, ID_INDEX_NAME, { _id: 1 }, { _id: doc._id });
		}
		for (const index of this.secondary.values()) {
			if (index instanceof EqualityIndex) index.assertUnique(doc, -1);
		}
		const slot = this.slots.length;
		this.slots.push(doc);
		this.ids.set(idKey, slot);
		for (const index of this.secondary.values()) index.add(slot, doc);
		return slot;
	}

	/** Swaps the document in `slot` for `next` (same `_id`). */
	replace(slot: number, next: Document): void {
		const previous = this.slots[slot];
		if (previous === undefined) throw new Error(`No document in slot ${slot}`);
		for (const index of this.secondary.values()) {
			if (index instanceof EqualityIndex) index.assertUnique(next, slot);
		}
		for (const index of this.secondary.values()) {
			index.remove(slot, previous);
			index.add(slot, next);
		}
		this.slots[slot] = next;
		this.rebuildStaleIndexes();
	}

	remove(slot: number): Document {
		const previous = this.slots[slot];
		if (previous === undefined) throw new Error(`No document in slot ${slot}`);
		for (const index of this.secondary.values()) index.remove(slot, previous);
		this.slots[slot] = undefined;
		this.ids.delete(valueKey(previous._id));
		this.rebuildStaleIndexes();
		return previous;
	}

	/** Builds an index over the current documents; refuses a unique index over duplicates. */
	addIndex(definition: IndexDefinition): void {
		const index = definition.substring ? new SubstringIndex(definition) : new EqualityIndex(definition, this.namespace);
		for (const slot of this.allSlots()) {
			const doc = this.slots[slot] as Document;
			if (index instanceof EqualityIndex) index.assertUnique(doc, slot);
			index.add(slot, doc);
		}
		this.secondary.set(definition.name, index);
	}

	dropIndex(name: string): boolean {
		return this.secondary.delete(name);
	}

	/** Renumbers slots densely (after many deletions), rebuilding every index. */
	compactSlots(): void {
		const live = [...this.documents()];
		this.slots = live;
		this.ids.clear();
		live.forEach((doc, slot) => this.ids.set(valueKey(doc._id), slot));
		for (const index of this.secondary.values()) {
			index.clear();
			live.forEach((doc, slot) => index.add(slot, doc));
		}
	}

	private rebuildStaleIndexes(): void {
		for (const index of this.secondary.values()) {
			if (index instanceof SubstringIndex && index.needsRebuild) {
				index.clear();
				for (const slot of this.allSlots()) index.add(slot, this.slots[slot] as Document);
			}
		}
	}
}
