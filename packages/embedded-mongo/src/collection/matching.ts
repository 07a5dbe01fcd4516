import { Query } from 'mingo';
import type { Document, FindOptions } from 'mongodb';

import { compileFilter, UNDECIDED } from '../compiledFilter';
import { normalizeSort, shapeResults } from '../cursor';
import { encode } from '../ejson';
import { planCandidates } from '../planner';
import type { DocumentStore } from '../store';
import { isIndexableScalar } from '../values';

export const QUERY_OPTIONS = { scriptEnabled: false };

/**
 * Finds the documents of one collection that match a filter: a direct `_id`
 * lookup, the planner's index candidates, or a scan, each candidate tested
 * by a compiled filter with mingo as the fallback.
 */
export class CollectionMatcher {
	/** The last complete match, reused by the same query before any write (e.g. a page, then its total). */
	private lastMatch: { filter: Document; key: string; version: number; slots: number[] } | undefined;

	constructor(private readonly store: DocumentStore) {}

	/** `{ _id: scalar }` alone is answered from the `_id` map without running a query. */
	directIdLookup(filter: Document): Document | null | undefined {
		const keys = Object.keys(filter);
		if (keys.length !== 1 || keys[0] !== '_id' || !isIndexableScalar(filter._id)) return undefined;
		const slot = this.store.slotOfId(filter._id);
		return slot === undefined ? null : (this.store.at(slot) as Document);
	}

	/** Slots of the matching documents in natural order; callers must not modify the returned array. */
	matchingSlots(filter: Document, stopAfter?: number): number[] {
		if (stopAfter !== undefined) return this.findMatchingSlots(filter, stopAfter);
		// Same object, same content and no write since: the answer cannot have changed.
		const key = encode(filter);
		const last = this.lastMatch;
		if (last && last.filter === filter && last.key === key && last.version === this.store.version) return last.slots;
		const slots = this.findMatchingSlots(filter);
		this.lastMatch = { filter, key, version: this.store.version, slots };
		return slots;
	}

	matching(filter: Document, stopAfter?: number): Document[] {
		const direct = this.directIdLookup(filter);
		if (direct !== undefined) return direct ? [direct] : [];
		return this.matchingSlots(filter, stopAfter).map((slot) => this.store.at(slot) as Document);
	}

	/** The slot of the first match in `sort` order (natural order without one). */
	firstMatch(filter: Document, sort?: FindOptions['sort']): number | undefined {
		const direct = this.directIdLookup(filter);
		if (direct !== undefined) return direct ? this.store.slotOfId(direct._id) : undefined;
		const normalized = normalizeSort(sort);
		if (!normalized || Object.keys(normalized).length === 0) return this.matchingSlots(filter, 1)[0];
		const [first] = shapeResults(this.matching(filter), { sort: normalized, limit: 1, projection: { _id: 1 } });
		return first ? this.store.slotOfId(first._id) : undefined;
	}

	private findMatchingSlots(filter: Document, stopAfter?: number): number[] {
		const query = new Query(filter, QUERY_OPTIONS);
		const compiled = compileFilter(filter);
		const matches = compiled
			? (doc: Document) => {
					const decided = compiled(doc);
					return decided === UNDECIDED ? query.test(doc) : decided;
				}
			: (doc: Document) => query.test(doc);
		const candidates = planCandidates(this.store, filter)?.slots ?? this.store.allSlots();
		const result: number[] = [];
		for (const slot of candidates) {
			const doc = this.store.at(slot);
			if (doc !== undefined && matches(doc)) {
				result.push(slot);
				if (stopAfter !== undefined && result.length >= stopAfter) break;
			}
		}
		return result;
	}
}
