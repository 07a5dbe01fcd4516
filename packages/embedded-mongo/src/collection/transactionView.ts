import type { Document } from 'mongodb';

import type { Change } from '../changes';
import { duplicateKeyError, serverError } from '../errors';
import { ID_INDEX_NAME } from '../indexes/definition';
import { EqualityIndex } from '../indexes/equalityIndex';
import { planCandidates } from '../planner';
import type { DocumentStore } from '../store';
import { valueKey } from '../values';
import type { Slots } from './slots';

/** A document a transaction wrote: what the store held when the transaction first touched it, and what it holds now. */
interface Touched {
	/** The store's slot, or a negative slot for a document the transaction inserted. */
	slot: number;
	original: Document | undefined;
	current: Document | undefined;
}

/** MongoDB's WriteConflict: the transaction is retried by `withTransaction`. */
export function writeConflict(namespace: string): Error {
	const error = serverError(112, 'WriteConflict', `WriteConflict error: this operation conflicted with another operation. Please retry your operation or multi-document transaction. (${namespace})`);
	error.addErrorLabel('TransientTransactionError');
	return error;
}

/**
 * One collection as a transaction sees it: the store, overlaid with the
 * transaction's own uncommitted writes (read-your-own-writes). Nothing
 * reaches the store before `commit`, which applies every write at once —
 * or none, if a document the transaction wrote was changed outside it in
 * the meantime (WriteConflict). Reads of documents the transaction did not
 * write see the store's current state (read committed, not a snapshot).
 */
export class TransactionView implements Slots {
	private readonly byId = new Map<string, Touched>();
	private readonly bySlot = new Map<number, Touched>();
	private nextInsertSlot = -1;
	private writes = 0;
	private sizeDelta = 0;

	constructor(
		readonly collection: string,
		private readonly store: DocumentStore,
	) {}

	get version(): number {
		return this.store.version + this.writes * 2 ** 32;
	}

	get size(): number {
		return this.store.size + this.sizeDelta;
	}

	get touched(): boolean {
		return this.byId.size > 0;
	}

	at(slot: number): Document | undefined {
		const touched = this.bySlot.get(slot);
		return touched ? touched.current : this.store.at(slot);
	}

	slotOfId(id: unknown): number | undefined {
		const touched = this.byId.get(valueKey(id));
		if (touched) return touched.current ? touched.slot : undefined;
		return this.store.slotOfId(id);
	}

	*candidates(filter: Document): Iterable<number> {
		const planned = planCandidates(this.store, filter)?.slots;
		if (!planned) {
			yield* this.store.allSlots();
		} else {
			// Documents this transaction changed may match now although the store's indexes do not say so.
			const extra = [...this.bySlot.keys()].filter((slot) => slot >= 0);
			yield* extra.length ? [...new Set([...planned, ...extra])].sort((a, b) => a - b) : planned;
		}
		for (let slot = -1; slot > this.nextInsertSlot; slot--) yield slot;
	}

	*documents(): Iterable<Document> {
		for (const slot of this.store.allSlots()) {
			const doc = this.at(slot);
			if (doc !== undefined) yield doc;
		}
		for (let slot = -1; slot > this.nextInsertSlot; slot--) {
			const doc = this.at(slot);
			if (doc !== undefined) yield doc;
		}
	}

	insert(doc: Document): number {
		const key = valueKey(doc._id);
		const existing = this.byId.get(key);
		if (existing?.current || (!existing && this.store.slotOfId(doc._id) !== undefined)) {
			throw duplicateKeyError(this.store.namespace, ID_INDEX_NAME, { _id: 1 }, { _id: doc._id });
		}
		this.assertUnique(doc, existing?.slot ?? -1);
		const touched = existing ?? { slot: this.nextInsertSlot--, original: undefined, current: undefined };
		touched.current = doc;
		this.remember(key, touched);
		this.sizeDelta++;
		return touched.slot;
	}

	replace(slot: number, doc: Document): void {
		this.assertUnique(doc, slot);
		this.touch(slot).current = doc;
	}

	remove(slot: number): Document {
		const touched = this.touch(slot);
		const previous = touched.current as Document;
		touched.current = undefined;
		this.sizeDelta--;
		return previous;
	}

	/**
	 * Throws a WriteConflict if a document this transaction wrote was changed
	 * in the store since the transaction first touched it.
	 */
	assertNoConflict(): void {
		for (const touched of this.byId.values()) {
			const id = (touched.original ?? touched.current)?._id;
			const slot = this.store.slotOfId(id);
			const now = slot === undefined ? undefined : this.store.at(slot);
			if (now !== touched.original) throw writeConflict(this.store.namespace);
		}
	}

	/** Applies the transaction's writes to the store, in the order it first touched each document; returns them as changes. */
	apply(): Change[] {
		const applied: Change[] = [];
		try {
			for (const { original, current } of this.byId.values()) {
				if (original === current) continue;
				const slot = this.store.slotOfId((original ?? current)?._id);
				if (original === undefined) this.store.insert(current as Document);
				else if (current === undefined) this.store.remove(slot as number);
				else this.store.replace(slot as number, current);
				applied.push({ collection: this.collection, operationType: original === undefined ? 'insert' : current === undefined ? 'delete' : 'replace', before: original, after: current });
			}
		} catch (error) {
			undo(this.store, applied);
			throw error;
		}
		return applied;
	}

	private touch(slot: number): Touched {
		let touched = this.bySlot.get(slot);
		if (!touched) {
			const original = this.store.at(slot);
			if (original === undefined) throw new Error(`No document in slot ${slot}`);
			touched = { slot, original, current: original };
			this.remember(valueKey(original._id), touched);
		}
		this.writes++;
		return touched;
	}

	private remember(key: string, touched: Touched): void {
		this.byId.set(key, touched);
		this.bySlot.set(touched.slot, touched);
		this.writes++;
	}

	/**
	 * Unique indexes are checked against the store now, and again when the transaction commits.
	 * A document this transaction already rewrote counts as it is now (a key it gave up is free to take, as on MongoDB).
	 */
	private assertUnique(doc: Document, self: number): void {
		const holder = (slot: number) => this.at(slot);
		for (const definition of this.store.indexDefinitions()) {
			const index = this.store.getIndex(definition.name);
			if (index instanceof EqualityIndex && definition.unique) index.assertUnique(doc, self, holder);
		}
	}
}

/** Reverts changes applied to one store, newest first. */
export function undo(store: DocumentStore, changes: Change[]): void {
	for (const change of [...changes].reverse()) {
		const slot = store.slotOfId((change.after ?? change.before)?._id);
		if (change.before === undefined) {
			if (slot !== undefined) store.remove(slot);
		} else if (slot === undefined) {
			store.insert(change.before);
		} else {
			store.replace(slot, change.before);
		}
	}
}
