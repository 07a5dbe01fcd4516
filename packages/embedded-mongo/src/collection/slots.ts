import type { Document } from 'mongodb';

import { exactMatch, type ExactMatch } from '../exactMatch';
import { planCandidates } from '../planner';
import type { DocumentStore } from '../store';

/**
 * The documents a collection's reads and writes work on: the store itself,
 * or a transaction's view of it (its own uncommitted writes over the store).
 */
export interface Slots {
	/** Changes whenever the documents do (reused query answers are keyed by it). */
	readonly version: number;
	readonly size: number;
	at(slot: number): Document | undefined;
	slotOfId(id: unknown): number | undefined;
	/** Slots that may match `filter` (an index's candidates or every slot), in natural order. */
	candidates(filter: Document): Iterable<number>;
	documents(): Iterable<Document>;
	insert(doc: Document): number;
	replace(slot: number, doc: Document): void;
	remove(slot: number): Document;
	/** Search-shaped filters answered as sets by the indexes (see `exactMatch`); absent where writes are not in the indexes yet. */
	exactMatch?(filter: Document): ExactMatch | null;
	/** The first `count` slots admitted by `accept` in sort order on one field (see `SortOrder`). */
	leadingInOrder?(field: string, direction: 1 | -1, count: number, accept: (slot: number) => boolean): number[];
}

/** The store itself, planned through its indexes. */
export function storeSlots(store: DocumentStore): Slots {
	return {
		get version() {
			return store.version;
		},
		get size() {
			return store.size;
		},
		at: (slot) => store.at(slot),
		slotOfId: (id) => store.slotOfId(id),
		candidates: (filter) => planCandidates(store, filter)?.slots ?? store.allSlots(),
		documents: () => store.documents(),
		insert: (doc) => store.insert(doc),
		replace: (slot, doc) => store.replace(slot, doc),
		remove: (slot) => store.remove(slot),
		exactMatch: (filter) => exactMatch(store, filter),
		leadingInOrder: (field, direction, count, accept) => store.leadingInOrder(field, direction, count, accept),
	};
}
