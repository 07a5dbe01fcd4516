import type { Document, FindOptions, UpdateFilter } from 'mongodb';

import { contactMatchKeys, type ContactMatchKeys, type KeyedFields, type PhoneRegion } from '../contactMatchKeys';

/**
 * Fields this server keeps on a contact document for itself, never part of
 * Rocket.Chat's shape, so every read of the contacts model leaves them out:
 * - `_matchKeys`: normalized keys (`emails`, `phones`, `externalIds`) for
 *   matching and indexes, and `claims`: the keys an upsert created the contact
 *   for (unique, so racing upserts of one key create one contact);
 * - `_version`: incremented by every write through the model (optimistic
 *   concurrency: a conditional write names the version it read).
 */
export const INTERNAL_CONTACT_FIELDS = ['_matchKeys', '_version'] as const;

export type StoredMatchKeys = Partial<ContactMatchKeys> & { claims?: string[] };

/** What the internal fields look like on a stored contact. */
export type ContactInternals = { _matchKeys?: StoredMatchKeys; _version?: number };

const KEY_KINDS = ['emails', 'phones', 'externalIds'] as const satisfies readonly (keyof ContactMatchKeys)[];

function isInclusion(projection: Document): boolean {
	return Object.entries(projection).some(([field, value]) => field !== '_id' && (value === 1 || value === true));
}

/**
 * Read options that leave the internal fields out: an inclusion projection
 * already does (unless it names them); otherwise they are excluded.
 */
export function withoutInternalFields<O extends FindOptions>(options?: O): O {
	const projection = options?.projection;
	if (projection && isInclusion(projection)) {
		return options;
	}
	return { ...options, projection: { ...projection, _matchKeys: 0, _version: 0 } } as unknown as O;
}

/** A document as the API may show it. */
export function stripInternalFields<T extends Document>(doc: T): T {
	if (!('_matchKeys' in doc) && !('_version' in doc)) {
		return doc;
	}
	const { _matchKeys: _keys, _version: _v, ...visible } = doc;
	return visible as T;
}

/**
 * The `$set`/`$unset` that keep `_matchKeys` equal to the keys of the fields a
 * write sets wholesale (`emails`, `phones`, `externalIds`). Fields not written
 * keep their keys; an empty list unsets its keys (a unique index must not see
 * empty arrays).
 */
export function matchKeysUpdate(fields: KeyedFields, region: PhoneRegion): { $set: Document; $unset: Document } {
	const keys = contactMatchKeys(fields, region);
	const $set: Document = {};
	const $unset: Document = {};
	for (const kind of KEY_KINDS) {
		if (fields[kind] === undefined) {
			continue;
		}
		if (keys[kind].length) {
			$set[`_matchKeys.${kind}`] = keys[kind];
		} else {
			$unset[`_matchKeys.${kind}`] = 1;
		}
	}
	return { $set, $unset };
}

/** `_matchKeys` of a new contact; absent when it has no key at all. */
export function matchKeysOf(fields: KeyedFields, region: PhoneRegion): StoredMatchKeys | undefined {
	const keys = contactMatchKeys(fields, region);
	const stored: StoredMatchKeys = {};
	for (const kind of KEY_KINDS) {
		if (keys[kind].length) {
			stored[kind] = keys[kind];
		}
	}
	return Object.keys(stored).length ? stored : undefined;
}

/** Merges operator objects of two updates (the caller's and the model's own). */
export function mergeUpdates<T extends Document>(update: UpdateFilter<T>, extra: Record<string, Document>): UpdateFilter<T> {
	const merged: Document = { ...update };
	for (const [operator, fields] of Object.entries(extra)) {
		if (Object.keys(fields).length) {
			merged[operator] = { ...(merged[operator] ?? {}), ...fields };
		}
	}
	return merged as UpdateFilter<T>;
}
