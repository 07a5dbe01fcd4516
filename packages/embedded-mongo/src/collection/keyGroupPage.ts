import type { KeyGroup, KeyGroupPage, KeyGroupPageOptions } from '@omni/model-typings';

import type { DocumentStore } from '../store';

/** A string index key back to its value (see `valueKey`: strings are their own key unless they start with NUL). */
function valueOfKey(key: string): string {
	return key.startsWith('\u0000s') ? key.slice(2) : key;
}

/**
 * One page of the keys that two or more documents share across some
 * single-field equality indexes: largest groups first, then in the order the
 * indexes are named, then by value. Read from the indexes' `KeyGroups`, so a
 * page costs O(distinct group sizes + page), not a scan. Null while one of
 * the indexes is still being built at startup (the caller falls back to an
 * aggregation).
 */
export function keyGroupPage(store: DocumentStore, indexNames: string[], { offset, limit, maxIds }: KeyGroupPageOptions): KeyGroupPage | null {
	const indexes = indexNames.map((name) => store.readyEqualityIndex(name));
	if (indexes.some((index) => index === undefined)) return null;
	const ready = indexes as NonNullable<(typeof indexes)[number]>[];
	const perIndex = ready.map((index) => index.keyGroups());
	const total = perIndex.reduce((sum, groups) => sum + groups.total, 0);
	const sizes = [...new Set(perIndex.flatMap((groups) => groups.sizes()))].sort((a, b) => b - a);
	const page: KeyGroup[] = [];
	let skip = offset;
	for (const size of sizes) {
		for (let i = 0; i < perIndex.length && page.length < limit; i++) {
			const count = perIndex[i].countOfSize(size);
			if (skip >= count) {
				skip -= count;
				continue;
			}
			for (const key of perIndex[i].keysOfSize(size, skip, skip + limit - page.length)) {
				const slots = [...ready[i].slotsOfKey(key)].sort((a, b) => a - b).slice(0, maxIds);
				page.push({ index: indexNames[i], value: valueOfKey(key), size, ids: slots.map((slot) => store.at(slot)?._id) });
			}
			skip = 0;
		}
		if (page.length >= limit) break;
	}
	return { total, groups: page };
}
