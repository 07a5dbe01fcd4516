import type { Document } from 'mongodb';

import { compareValues, sortKeyOf } from './bsonOrder';

/**
 * Documents in MongoDB's sort order (see `sortKeyOf`: arrays sort by their
 * minimum ascending and their maximum descending; strings in code point
 * order); ties keep their given order. With `keep` (skip + limit) only that
 * many leading documents are returned, selected with a bounded heap instead
 * of sorting everything.
 */
export function sortDocuments(docs: Document[], sort: Record<string, 1 | -1>, keep = docs.length): Document[] {
	const fields = Object.keys(sort);
	const directions = fields.map((field) => sort[field]);
	const segments = fields.map((field) => field.split('.'));
	const keys: unknown[][] = new Array(docs.length);
	for (let i = 0; i < docs.length; i++) {
		keys[i] = segments.map((path, f) => sortKeyOf(docs[i], path, directions[f]));
	}
	const compare = (a: number, b: number) => {
		for (let f = 0; f < fields.length; f++) {
			const order = compareValues(keys[a][f], keys[b][f]);
			if (order !== 0) return order * directions[f];
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
