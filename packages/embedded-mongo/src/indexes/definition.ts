import type { Document, IndexDescription } from 'mongodb';

import { serverError } from '../errors';

/**
 * A normalized index definition, as persisted and as `listIndexes` reports it.
 * `substring` is the embedded store's own kind (see README): a trigram index
 * over lower-cased strings that serves unanchored literal regexes.
 */
export interface IndexDefinition {
	name: string;
	key: Record<string, number | string>;
	unique?: boolean;
	sparse?: boolean;
	partialFilterExpression?: Document;
	collation?: Document;
	substring?: boolean;
}

/** What callers pass to `createIndexes`; `substring: true` asks for a substring index. */
export type EmbeddedIndexDescription = IndexDescription & { substring?: boolean };

export const ID_INDEX_NAME = '_id_';

/** MongoDB's default index name: `field_1_other_-1`. */
export function defaultIndexName(key: Record<string, unknown>): string {
	return Object.entries(key)
		.map(([field, direction]) => `${field}_${String(direction)}`)
		.join('_');
}

export function normalizeIndex(spec: EmbeddedIndexDescription): IndexDefinition {
	const key = spec.key instanceof Map ? Object.fromEntries(spec.key) : { ...(spec.key as Record<string, number | string>) };
	if (Object.keys(key).length === 0) {
		throw serverError(67, 'CannotCreateIndex', 'Index keys cannot be empty.');
	}
	const definition: IndexDefinition = { name: spec.name ?? defaultIndexName(key), key };
	if (spec.unique) definition.unique = true;
	if (spec.sparse) definition.sparse = true;
	if (spec.partialFilterExpression) definition.partialFilterExpression = spec.partialFilterExpression;
	if (spec.collation) definition.collation = spec.collation as Document;
	if (spec.substring) {
		if (Object.keys(key).length !== 1 || spec.unique) {
			throw serverError(67, 'CannotCreateIndex', 'A substring index covers exactly one field and cannot be unique.');
		}
		definition.substring = true;
	}
	return definition;
}

/** Same name and same meaning: creating it again is a no-op, as on MongoDB. */
export function sameIndex(a: IndexDefinition, b: IndexDefinition): boolean {
	return JSON.stringify(comparable(a)) === JSON.stringify(comparable(b));
}

function comparable(definition: IndexDefinition): unknown[] {
	return [
		definition.key,
		Boolean(definition.unique),
		Boolean(definition.sparse),
		definition.partialFilterExpression ?? null,
		definition.collation ?? null,
		Boolean(definition.substring),
	];
}

export function sameKey(a: IndexDefinition, b: IndexDefinition): boolean {
	return JSON.stringify(a.key) === JSON.stringify(b.key) && Boolean(a.substring) === Boolean(b.substring);
}
