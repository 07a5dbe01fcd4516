import type { Document, IndexDescription } from 'mongodb';

import { deepClone } from '../clone';
import { serverError } from '../errors';
import { type EmbeddedIndexDescription, type IndexDefinition, ID_INDEX_NAME, normalizeIndex, sameIndex, sameKey } from '../indexes/definition';
import { exactMatch } from '../exactMatch';
import { planCandidates } from '../planner';
import type { DocumentStore } from '../store';

/**
 * Creates the requested indexes (an identical existing one is a no-op; a
 * conflicting name or key is refused as MongoDB does), calling `record` to
 * make each new definition durable. Returns the index names.
 */
export async function createIndexes(store: DocumentStore, indexSpecs: IndexDescription[], record: (definition: IndexDefinition) => Promise<void>): Promise<string[]> {
	const names: string[] = [];
	for (const spec of indexSpecs) {
		const definition = normalizeIndex(spec as EmbeddedIndexDescription);
		names.push(definition.name);
		if (definition.name === ID_INDEX_NAME || (Object.keys(definition.key).join() === '_id' && !definition.substring)) continue;
		const existing = store.getIndex(definition.name);
		if (existing) {
			if (sameIndex(existing.definition, definition)) continue;
			throw serverError(86, 'IndexKeySpecsConflict', `An existing index has the same name as the requested index but different options. Requested index: ${JSON.stringify(definition)}, existing index: ${JSON.stringify(existing.definition)}`);
		}
		const sameKeyIndex = store.indexDefinitions().find((other) => sameKey(other, definition));
		if (sameKeyIndex) {
			throw serverError(85, 'IndexOptionsConflict', `Index already exists with a different name: ${sameKeyIndex.name}`);
		}
		await store.addIndex(definition);
		await record(definition);
	}
	return names;
}

/** The indexes as `listIndexes` reports them, the implicit `_id` index first. */
export function listIndexes(store: DocumentStore): Document[] {
	return [{ v: 2, key: { _id: 1 }, name: ID_INDEX_NAME }, ...store.indexDefinitions().map((definition) => ({ v: 2, ...deepClone(definition) }))];
}

/** How a filter would be answered: which index (or a full scan) and how many candidates it yields. */
export function explain(store: DocumentStore, filter: Document): { index: string | null; candidates: number } {
	const exact = exactMatch(store, filter);
	if (exact) return { index: exact.index, candidates: exact.slots.size };
	const plan = planCandidates(store, filter);
	return plan ? { index: plan.index, candidates: plan.slots.length } : { index: null, candidates: store.size };
}
