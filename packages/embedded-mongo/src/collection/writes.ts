import { ObjectId } from 'mongodb';
import type { Document, FindOneAndDeleteOptions, FindOneAndUpdateOptions, FindOptions, ReplaceOptions, UpdateOptions, UpdateResult } from 'mongodb';

import type { Change } from '../changes';
import { deepClone } from '../clone';
import { applyReplacement, applyUpdate, assertOperatorUpdate, buildUpsert, type UpdateOutcome } from '../update';
import type { CollectionMatcher } from './matching';
import type { Slots } from './slots';
import { assertStorableKeys } from './storableKeys';

/** What a find-and-modify did: the document before and after, and whether it was upserted. */
export interface FindAndModifyOutcome {
	before: Document | null;
	after: Document | null;
	upserted: boolean;
}

/**
 * The write operations of one collection, applied synchronously to memory.
 * Each records what it changed in `changes`, which the caller then makes
 * durable (or, on failure, keeps: work done before an error stays, as on MongoDB).
 */
export class CollectionWrites {
	constructor(
		private readonly collectionName: string,
		private readonly store: Slots,
		private readonly matcher: CollectionMatcher,
	) {}

	insert(input: Document, changes: Change[], copy = true): void {
		const doc = copy ? deepClone(input) : input;
		if (doc._id === undefined) doc._id = new ObjectId();
		// MongoDB stores `_id` as the first field.
		const stored = Object.keys(doc)[0] === '_id' ? doc : { _id: doc._id, ...doc };
		assertStorableKeys(stored);
		this.store.insert(stored);
		changes.push({ collection: this.collectionName, operationType: 'insert', after: stored });
	}

	update(filter: Document, update: Document | Document[], options: UpdateOptions, many: boolean, changes: Change[]): UpdateResult {
		assertOperatorUpdate(update);
		const slots = many
			? this.matcher.matchingSlots(filter)
			: [this.matcher.firstMatch(filter, (options as { sort?: FindOptions['sort'] }).sort)].filter((slot): slot is number => slot !== undefined);
		if (slots.length === 0 && options.upsert) {
			const inserted = buildUpsert(filter, update, options.arrayFilters, false);
			this.insert(inserted, changes, false);
			return updateResult(0, 0, inserted._id);
		}
		let modified = 0;
		for (const slot of slots) {
			const before = this.store.at(slot) as Document;
			const outcome = applyUpdate(before, update, { filter, arrayFilters: options.arrayFilters });
			this.applyOutcome(slot, before, outcome, changes);
			if (outcome.modified) modified++;
		}
		return updateResult(slots.length, modified, null);
	}

	replace(filter: Document, replacement: Document, options: ReplaceOptions, changes: Change[]): UpdateResult {
		const slot = this.matcher.firstMatch(filter, (options as { sort?: FindOptions['sort'] }).sort);
		if (slot === undefined) {
			if (!options.upsert) return updateResult(0, 0, null);
			const inserted = buildUpsert(filter, replacement, undefined, true);
			this.insert(inserted, changes, false);
			return updateResult(0, 0, inserted._id);
		}
		const before = this.store.at(slot) as Document;
		const outcome = applyReplacement(before, replacement);
		this.applyOutcome(slot, before, outcome, changes, 'replace');
		return updateResult(1, outcome.modified ? 1 : 0, null);
	}

	findOneAndUpdate(filter: Document, update: Document | Document[], options: FindOneAndUpdateOptions, changes: Change[]): FindAndModifyOutcome {
		const slot = this.matcher.firstMatch(filter, options.sort);
		if (slot === undefined) {
			if (!options.upsert) return { before: null, after: null, upserted: false };
			const inserted = buildUpsert(filter, update, options.arrayFilters, false);
			this.insert(inserted, changes, false);
			return { before: null, after: inserted, upserted: true };
		}
		const before = this.store.at(slot) as Document;
		const outcome = applyUpdate(before, update, { filter, arrayFilters: options.arrayFilters });
		this.applyOutcome(slot, before, outcome, changes);
		return { before, after: outcome.doc, upserted: false };
	}

	findOneAndDelete(filter: Document, options: FindOneAndDeleteOptions, changes: Change[]): FindAndModifyOutcome {
		const slot = this.matcher.firstMatch(filter, options.sort);
		if (slot === undefined) return { before: null, after: null, upserted: false };
		return { before: this.remove(slot, changes), after: null, upserted: false };
	}

	/** Deletes the first match (`many`: every match); returns how many were deleted. */
	delete(filter: Document, many: boolean, changes: Change[]): number {
		if (many) {
			const slots = this.matcher.matchingSlots(filter);
			for (const slot of slots) this.remove(slot, changes);
			return slots.length;
		}
		const slot = this.matcher.firstMatch(filter);
		if (slot === undefined) return 0;
		this.remove(slot, changes);
		return 1;
	}

	private remove(slot: number, changes: Change[]): Document {
		const before = this.store.remove(slot);
		changes.push({ collection: this.collectionName, operationType: 'delete', before });
		return before;
	}

	private applyOutcome(slot: number, before: Document, outcome: UpdateOutcome, changes: Change[], operationType: 'update' | 'replace' = 'update'): void {
		if (!outcome.modified) return;
		assertStorableKeys(outcome.doc);
		this.store.replace(slot, outcome.doc);
		changes.push({
			collection: this.collectionName,
			operationType,
			before,
			after: outcome.doc,
			updateDescription: { updatedFields: outcome.updatedFields, removedFields: outcome.removedFields },
		});
	}
}

export function updateResult(matchedCount: number, modifiedCount: number, upsertedId: unknown): UpdateResult {
	return {
		acknowledged: true,
		matchedCount,
		modifiedCount,
		upsertedCount: upsertedId === null ? 0 : 1,
		upsertedId: upsertedId as UpdateResult['upsertedId'],
	};
}
