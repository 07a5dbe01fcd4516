import { setImmediate as nextTurn } from 'node:timers/promises';

import type { Document } from 'mongodb';

import { Bitset } from './indexes/bitset';
import { EqualityIndex } from './indexes/equalityIndex';
import { type IndexDefinition, ID_INDEX_NAME } from './indexes/definition';
import { SortOrder } from './indexes/sortOrder';
import { SubstringIndex } from './indexes/substringIndex';
import { duplicateKeyError } from './errors';
import { valueKey } from './values';

export type SecondaryIndex = EqualityIndex | SubstringIndex;

/** Documents indexed per turn of the event loop by a background build. */
const BUILD_CHUNK = 5_000;
/** Renumber slots once this many deleted slots outnumber the live ones. */
const MIN_HOLES_TO_COMPACT = 1_024;

/**
 * The documents of one collection and their indexes. Each document is stored
 * once, in a slot (its position in insertion order, which is also the natural
 * order); indexes refer to slots. Stored documents are never mutated: a write
 * swaps in a new object, so a reader holding the old one sees a consistent
 * version. All methods are synchronous, so each call is atomic.
 *
 * Indexes loaded at startup that are not unique are built in the background
 * (chunked, yielding to the event loop) so the store opens quickly; until an
 * index is complete the planner ignores it and queries scan. A building index
 * covers the slots below its progress mark; writes maintain those, and the
 * builder picks up everything above it as it advances.
 */
export class DocumentStore {
	private slots: (Document | undefined)[] = [];
	private writes = 0;
	private readonly ids = new Map<string, number>();
	/** The occupied slots, for queries that complement a set (`$ne`). */
	private live = new Bitset();
	private readonly secondary = new Map<string, SecondaryIndex>();
	/** Sort orders built for large sorted pages, by `field:direction`. */
	private readonly sortOrders = new Map<string, SortOrder>();
	/** Background builds in progress: index → first slot not yet covered. */
	private readonly building = new Map<SecondaryIndex, number>();

	constructor(readonly namespace: string) {}

	/** Bumped by every change to the documents or their slots, so query results can be reused until then. */
	get version(): number {
		return this.writes;
	}

	get size(): number {
		return this.ids.size;
	}

	/** One past the highest slot ever used (for slot-indexed scratch arrays). */
	get capacity(): number {
		return this.slots.length;
	}

	/** Complete indexes, the ones queries may use. */
	*readyIndexes(): Iterable<SecondaryIndex> {
		for (const index of this.secondary.values()) {
			if (!this.building.has(index)) yield index;
		}
	}

	indexDefinitions(): IndexDefinition[] {
		return [...this.secondary.values()].map((index) => index.definition);
	}

	getIndex(name: string): SecondaryIndex | undefined {
		return this.secondary.get(name);
	}

	/** A complete equality index by name (undefined while it is built at startup, or when it is not one). */
	readyEqualityIndex(name: string): EqualityIndex | undefined {
		const index = this.secondary.get(name);
		return index instanceof EqualityIndex && !this.building.has(index) ? index : undefined;
	}

	/** The first `count` slots admitted by `accept` in sort order on one field (see `SortOrder`). */
	leadingInOrder(field: string, direction: 1 | -1, count: number, accept: (slot: number) => boolean): number[] {
		const key = `${direction}:${field}`;
		let order = this.sortOrders.get(key);
		if (!order) {
			order = new SortOrder(field, direction);
			this.sortOrders.set(key, order);
		}
		return order.leading(count, accept, (slot) => this.slots[slot], this.slots.length);
	}

	/** Occupied slots (shared: do not modify). */
	liveSlots(): Bitset {
		return this.live;
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
		this.assertUnique(doc, -1);
		const slot = this.slots.length;
		this.slots.push(doc);
		this.writes++;
		this.ids.set(idKey, slot);
		this.live.add(slot);
		for (const order of this.sortOrders.values()) order.noteWrite(slot);
		for (const index of this.secondary.values()) {
			if (this.covers(index, slot)) index.add(slot, doc);
		}
		return slot;
	}

	/** Swaps the document in `slot` for `next` (same `_id`). */
	replace(slot: number, next: Document): void {
		const previous = this.slots[slot];
		if (previous === undefined) throw new Error(`No document in slot ${slot}`);
		this.assertUnique(next, slot);
		for (const index of this.secondary.values()) {
			if (!this.covers(index, slot)) continue;
			index.remove(slot, previous);
			index.add(slot, next);
		}
		this.slots[slot] = next;
		this.writes++;
		for (const order of this.sortOrders.values()) order.noteWrite(slot);
	}

	remove(slot: number): Document {
		const previous = this.slots[slot];
		if (previous === undefined) throw new Error(`No document in slot ${slot}`);
		for (const index of this.secondary.values()) {
			if (this.covers(index, slot)) index.remove(slot, previous);
		}
		this.slots[slot] = undefined;
		this.writes++;
		this.ids.delete(valueKey(previous._id));
		this.live.delete(slot);
		for (const order of this.sortOrders.values()) order.noteWrite(slot);
		return previous;
	}

	/**
	 * Builds an index over the current documents; refuses a unique index over
	 * duplicates. With `background`, a non-unique index is built in chunks and
	 * the returned promise settles when it is complete.
	 */
	addIndex(definition: IndexDefinition, { background = false } = {}): Promise<void> {
		const index = definition.substring ? new SubstringIndex(definition) : new EqualityIndex(definition, this.namespace);
		if (background && !definition.unique) {
			this.secondary.set(definition.name, index);
			this.building.set(index, 0);
			return this.buildInBackground(index);
		}
		for (const slot of this.allSlots()) {
			const doc = this.slots[slot] as Document;
			if (index instanceof EqualityIndex) index.assertUnique(doc, slot);
			index.add(slot, doc);
		}
		if (index instanceof SubstringIndex) index.trim();
		this.secondary.set(definition.name, index);
		return Promise.resolve();
	}

	/** Renumbers slots densely once deletions left more holes than documents. */
	compactSlotsIfSparse(): void {
		const holes = this.slots.length - this.ids.size;
		if (holes < MIN_HOLES_TO_COMPACT || holes <= this.ids.size) return;
		const live = [...this.documents()];
		this.slots = live;
		this.writes++;
		this.ids.clear();
		live.forEach((doc, slot) => this.ids.set(valueKey(doc._id), slot));
		this.live = Bitset.from(live.keys(), live.length);
		for (const order of this.sortOrders.values()) order.reset();
		this.building.clear();
		for (const index of this.secondary.values()) {
			this.reindex(index);
		}
	}

	private async buildInBackground(index: SecondaryIndex): Promise<void> {
		while (this.building.has(index)) {
			const start = this.building.get(index) as number;
			const end = Math.min(start + BUILD_CHUNK, this.slots.length);
			for (let slot = start; slot < end; slot++) {
				const doc = this.slots[slot];
				if (doc !== undefined) index.add(slot, doc);
			}
			if (end >= this.slots.length) {
				this.building.delete(index);
				if (index instanceof SubstringIndex) index.trim();
				return;
			}
			this.building.set(index, end);
			await nextTurn();
		}
	}

	private covers(index: SecondaryIndex, slot: number): boolean {
		const progress = this.building.get(index);
		return progress === undefined || slot < progress;
	}

	private assertUnique(doc: Document, self: number): void {
		for (const index of this.secondary.values()) {
			if (index instanceof EqualityIndex) index.assertUnique(doc, self);
		}
	}

	private reindex(index: SecondaryIndex): void {
		index.clear();
		for (const slot of this.allSlots()) index.add(slot, this.slots[slot] as Document);
	}
}
