import type { Document, FindOptions } from 'mongodb';

import { compileFilter, UNDECIDED } from '../compiledFilter';
import { normalizeSort, shapeResults } from '../cursor';
import { describeFilter, type FilterDescription, sameValues } from '../filterShape';
import { genericQuery } from '../queryEngine';
import { isIndexableScalar } from '../values';
import type { Slots } from './slots';

/**
 * Finds the documents of one collection that match a filter: a direct `_id`
 * lookup, the planner's index candidates, or a scan, each candidate tested
 * by a compiled filter with mingo as the fallback.
 */
export class CollectionMatcher {
	/** The last complete match, reused by the same query before any write (e.g. a page, then its total). */
	private lastMatch: { filter: Document; description: FilterDescription; version: number; slots: number[] } | undefined;

	constructor(private readonly store: Slots) {}

	/** `{ _id: scalar }` alone is answered from the `_id` map without running a query. */
	directIdLookup(filter: Document): Document | null | undefined {
		const keys = Object.keys(filter);
		if (keys.length !== 1 || keys[0] !== '_id' || !isIndexableScalar(filter._id)) return undefined;
		const slot = this.store.slotOfId(filter._id);
		return slot === undefined ? null : (this.store.at(slot) as Document);
	}

	/** Slots of the matching documents in natural order; callers must not modify the returned array. */
	matchingSlots(filter: Document, stopAfter?: number): number[] {
		const description = describeFilter(filter);
		if (stopAfter !== undefined) return this.findMatchingSlots(filter, description, stopAfter);
		// Same object, same content and no write since: the answer cannot have changed.
		const last = this.lastMatch;
		if (last && last.filter === filter && last.version === this.store.version && last.description.shape === description.shape && sameValues(last.description.values, description.values)) {
			return last.slots;
		}
		const slots = this.findMatchingSlots(filter, description);
		this.lastMatch = { filter, description, version: this.store.version, slots };
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

	private findMatchingSlots(filter: Document, description: FilterDescription, stopAfter?: number): number[] {
		const matches = documentTest(filter, description);
		const candidates = this.store.candidates(filter);
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

/**
 * The test a filter puts each candidate document to: the compiled filter for
 * its shape, with mingo (compiled only if a document needs it, and cached by
 * content) for what the compiled one cannot decide.
 */
export function documentTest(filter: Document, description: FilterDescription): (doc: Document) => boolean {
	const compiled = compileFilter(filter, description);
	if (!compiled) {
		const query = genericQuery(filter, description);
		return (doc) => query.test(doc);
	}
	return (doc) => {
		const decided = compiled(doc);
		return decided === UNDECIDED ? genericQuery(filter, description).test(doc) : decided;
	};
}
