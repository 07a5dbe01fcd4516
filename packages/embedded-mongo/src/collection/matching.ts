import type { Document, FindOptions } from 'mongodb';

import { compileFilter, UNDECIDED } from '../compiledFilter';
import { normalizeSort, shapeResults } from '../cursor';
import { describeFilter, type FilterDescription, sameValues } from '../filterShape';
import { Bitset } from '../indexes/bitset';
import { genericQuery } from '../queryEngine';
import { isIndexableScalar } from '../values';
import type { Slots } from './slots';

/** Below this many matches, sorting them beats walking a sort order of the whole collection. */
const MIN_MATCHES_FOR_ORDER_WALK = 2_000;

/**
 * Finds the documents of one collection that match a filter: a direct `_id`
 * lookup, the planner's index candidates, or a scan, each candidate tested
 * by a compiled filter with mingo as the fallback.
 */
export class CollectionMatcher {
	/** The last complete match, reused by the same query before any write (e.g. a page, then its total). */
	private lastMatch: { filter: Document; description: FilterDescription; version: number; matches: MatchSet } | undefined;

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
		if (stopAfter !== undefined) return this.findMatchingSlots(filter, describeFilter(filter), stopAfter);
		return this.matchSet(filter).slots();
	}

	/** How many documents match. */
	count(filter: Document): number {
		return this.matchSet(filter).count;
	}

	/**
	 * Every match of a filter. Same object, same content and no write since
	 * the last call: the answer cannot have changed, so it is reused (a page,
	 * then its total).
	 */
	matchSet(filter: Document): MatchSet {
		const description = describeFilter(filter);
		const last = this.lastMatch;
		if (last && last.filter === filter && last.version === this.store.version && last.description.shape === description.shape && sameValues(last.description.values, description.values)) {
			return last.matches;
		}
		const exact = this.exactMatches(filter);
		const matches = exact ? new MatchSet(exact) : new MatchSet(null, this.findMatchingSlots(filter, description));
		this.lastMatch = { filter, description, version: this.store.version, matches };
		return matches;
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

	/**
	 * One sorted page (documents in order, before projection and copying)
	 * read off the sort order when the matches are a large set and the sort
	 * is on one field; null when sorting the matches is the better way.
	 */
	page(filter: Document, { sort, skip = 0, limit = 0 }: { sort?: Record<string, 1 | -1>; skip?: number; limit?: number }): Document[] | null {
		const fields = sort ? Object.keys(sort) : [];
		if (fields.length !== 1 || !limit) return null;
		const matches = this.matchSet(filter);
		const bitset = matches.bitset;
		if (!bitset || matches.count < MIN_MATCHES_FOR_ORDER_WALK) return null;
		const wanted = skip + Math.abs(limit);
		const slots = this.store.leadingInOrder?.(fields[0], (sort as Record<string, 1 | -1>)[fields[0]], wanted, (slot) => bitset.has(slot));
		return slots ? slots.slice(skip).map((slot) => this.store.at(slot) as Document) : null;
	}

	/** A search-shaped filter answered as a set from the indexes; conditions they cannot answer are tested per match. */
	private exactMatches(filter: Document): Bitset | null {
		const exact = this.store.exactMatch?.(filter);
		if (!exact) return null;
		const { slots, residual } = exact;
		if (!residual) return slots;
		const test = documentTest(residual, describeFilter(residual));
		const kept = new Bitset();
		slots.forEach((slot) => {
			const doc = this.store.at(slot);
			if (doc !== undefined && test(doc)) kept.add(slot);
		});
		return kept;
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

/** The matches of one query: slots in natural order, held as a bitset when the indexes answered the query as one. */
export class MatchSet {
	constructor(
		private readonly bits: Bitset | null,
		private list?: number[],
	) {}

	get count(): number {
		return this.list ? this.list.length : (this.bits as Bitset).size;
	}

	/** The bitset, when the matches are held as one (shared: do not modify). */
	get bitset(): Bitset | null {
		return this.bits;
	}

	slots(): number[] {
		this.list ??= (this.bits as Bitset).toArray();
		return this.list;
	}
}
