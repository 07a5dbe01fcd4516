import { find } from 'mingo';
import type { Document, Sort } from 'mongodb';

import type { ICursor } from '@omni/model-typings';

import { deepClone } from './clone';

export interface CursorOptions {
	sort?: Record<string, 1 | -1>;
	skip?: number;
	limit?: number;
	projection?: Document;
}

/**
 * A lazy cursor over stored documents. Nothing runs until `toArray` or
 * iteration; results are sorted, paged and projected with MongoDB's rules
 * (mingo's), then deep-copied so callers never hold stored objects.
 */
export class EmbeddedCursor<T> implements ICursor<T> {
	constructor(
		private readonly source: () => Document[],
		private options: CursorOptions = {},
	) {}

	sort(sort: Sort): ICursor<T> {
		this.options = { ...this.options, sort: normalizeSort(sort) };
		return this;
	}

	skip(value: number): ICursor<T> {
		this.options = { ...this.options, skip: value };
		return this;
	}

	limit(value: number): ICursor<T> {
		this.options = { ...this.options, limit: value };
		return this;
	}

	project<P extends Document = Document>(projection: Document): ICursor<P> {
		this.options = { ...this.options, projection };
		return this as unknown as ICursor<P>;
	}

	async toArray(): Promise<T[]> {
		return this.run();
	}

	async *[Symbol.asyncIterator](): AsyncIterator<T> {
		for (const doc of this.run()) yield doc;
	}

	private run(): T[] {
		return shapeResults(this.source(), this.options) as T[];
	}
}

/** Sort, skip, limit and project (in MongoDB's order), returning copies. */
export function shapeResults(docs: Document[], { sort, skip, limit, projection }: CursorOptions): Document[] {
	const hasSort = sort && Object.keys(sort).length > 0;
	const presorted = hasSort ? sortByStringKeys(docs, sort, limit ? (skip ?? 0) + Math.abs(limit) : undefined) : null;
	if (presorted) {
		return shapeResults(presorted, { skip, limit, projection });
	}
	const hasProjection = projection && Object.keys(projection).length > 0;
	let shaped: Document[];
	if (!hasSort && !hasProjection) {
		const start = skip ?? 0;
		const end = limit ? start + Math.abs(limit) : undefined;
		shaped = docs.slice(start, end);
	} else {
		const cursor = find(docs, {}, hasProjection ? projection : {});
		if (hasSort) cursor.sort(sort);
		if (skip) cursor.skip(skip);
		if (limit) cursor.limit(Math.abs(limit));
		shaped = cursor.all() as Document[];
	}
	return shaped.map((doc) => deepClone(hasProjection ? idFirst(doc) : doc));
}

/** A value reached through plain objects only; `undefined` when missing or behind an array or other object. */
function plainPathValue(doc: Document, path: string): unknown {
	let current: unknown = doc;
	for (const segment of path.split('.')) {
		if (current === null || typeof current !== 'object' || Object.getPrototypeOf(current) !== Object.prototype) return undefined;
		current = (current as Document)[segment];
	}
	return current;
}

/**
 * mingo's generic sort resolves and groups every document by every key. When
 * all sort values are plain strings (e.g. contact names), a native sort over
 * keys extracted once gives the same order (code-unit comparison; ties keep
 * natural order) several times faster. With `keep` (skip + limit) only that
 * many leading documents are returned, selected with a bounded heap instead
 * of sorting everything. Anything else returns null, and mingo sorts.
 */
function sortByStringKeys(docs: Document[], sort: Record<string, 1 | -1>, keep = docs.length): Document[] | null {
	const fields = Object.keys(sort);
	const directions = fields.map((field) => sort[field]);
	const keys: string[][] = new Array(docs.length);
	for (let i = 0; i < docs.length; i++) {
		const row: string[] = new Array(fields.length);
		for (let f = 0; f < fields.length; f++) {
			const value = plainPathValue(docs[i], fields[f]);
			if (typeof value !== 'string') return null;
			row[f] = value;
		}
		keys[i] = row;
	}
	const compare = (a: number, b: number) => {
		for (let f = 0; f < fields.length; f++) {
			const x = keys[a][f];
			const y = keys[b][f];
			if (x !== y) return x < y ? -directions[f] : directions[f];
		}
		return a - b;
	};
	const order = keep < docs.length ? leadingIndexes(docs.length, keep, compare) : Array.from(docs.keys());
	return order.sort(compare).map((index) => docs[index]);
}

/** The `keep` smallest of `0..count-1` under a total order, via a max-heap of size `keep`. */
function leadingIndexes(count: number, keep: number, compare: (a: number, b: number) => number): number[] {
	const heap: number[] = [];
	const siftDown = (start: number) => {
		let parent = start;
		for (;;) {
			const left = 2 * parent + 1;
			const right = left + 1;
			let largest = parent;
			if (left < heap.length && compare(heap[left], heap[largest]) > 0) largest = left;
			if (right < heap.length && compare(heap[right], heap[largest]) > 0) largest = right;
			if (largest === parent) return;
			[heap[parent], heap[largest]] = [heap[largest], heap[parent]];
			parent = largest;
		}
	};
	for (let index = 0; index < count && keep > 0; index++) {
		if (heap.length < keep) {
			heap.push(index);
			for (let child = heap.length - 1; child > 0; ) {
				const parent = (child - 1) >> 1;
				if (compare(heap[child], heap[parent]) <= 0) break;
				[heap[child], heap[parent]] = [heap[parent], heap[child]];
				child = parent;
			}
		} else if (compare(index, heap[0]) < 0) {
			heap[0] = index;
			siftDown(0);
		}
	}
	return heap;
}

/** MongoDB returns `_id` first, also from a projection. */
function idFirst(doc: Document): Document {
	if (!('_id' in doc) || Object.keys(doc)[0] === '_id') return doc;
	const { _id, ...rest } = doc;
	return { _id, ...rest };
}

/** The driver accepts several sort shapes; mingo wants `{ field: 1 | -1 }`. */
export function normalizeSort(sort: Sort | undefined): Record<string, 1 | -1> | undefined {
	if (sort === undefined || sort === null) return undefined;
	const direction = (value: unknown): 1 | -1 => (value === -1 || value === 'desc' || value === 'descending' ? -1 : 1);
	if (typeof sort === 'string') return { [sort]: 1 };
	if (sort instanceof Map) return Object.fromEntries([...sort].map(([field, value]) => [field, direction(value)]));
	if (Array.isArray(sort)) {
		if (sort.length === 2 && typeof sort[0] === 'string' && !Array.isArray(sort[1])) {
			return { [sort[0]]: direction(sort[1]) };
		}
		return Object.fromEntries(
			(sort as unknown[]).map((entry) => (Array.isArray(entry) ? [entry[0], direction(entry[1])] : [entry as string, 1])),
		);
	}
	return Object.fromEntries(Object.entries(sort).map(([field, value]) => [field, direction(value)]));
}
