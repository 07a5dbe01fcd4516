import type { Document, Sort } from 'mongodb';

import type { ICursor } from '@omni/model-typings';

import { deepClone } from './clone';
import { Query, QUERY_OPTIONS } from './queryEngine';
import { sortDocuments } from './sorting';

export interface CursorOptions {
	sort?: Record<string, 1 | -1>;
	skip?: number;
	limit?: number;
	projection?: Document;
}

/**
 * A lazy cursor over stored documents. Nothing runs until `toArray` or
 * iteration; results are sorted, paged and projected with MongoDB's rules,
 * then deep-copied so callers never hold stored objects.
 */
export class EmbeddedCursor<T> implements ICursor<T> {
	/**
	 * @param source every matching document, in natural order
	 * @param pager a sorted page straight from the store, when it has a faster way than sorting `source` (null otherwise)
	 */
	constructor(
		private readonly source: () => Document[],
		private options: CursorOptions = {},
		private readonly pager?: (options: CursorOptions) => Document[] | null,
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
		const page = this.pager?.(this.options);
		if (page) return shapeResults(page, { projection: this.options.projection }) as T[];
		return shapeResults(this.source(), this.options) as T[];
	}
}

/** Sort, skip, limit and project (in MongoDB's order), returning copies. */
export function shapeResults(docs: Document[], { sort, skip, limit, projection }: CursorOptions): Document[] {
	const start = skip ?? 0;
	const end = limit ? start + Math.abs(limit) : undefined;
	const ordered = sort && Object.keys(sort).length > 0 ? sortDocuments(docs, sort, end) : docs;
	const page = ordered.slice(start, end);
	if (!projection || Object.keys(projection).length === 0) return page.map((doc) => deepClone(doc));
	const project = topLevelProjection(projection);
	if (project) return page.map((doc) => deepClone(project(doc)));
	return (new Query({}, QUERY_OPTIONS).find(page, projection).all() as Document[]).map((doc) => deepClone(idFirst(doc)));
}

/**
 * The common projections — top-level fields included (`{ name: 1 }`) or
 * excluded (`{ secret: 0 }`), `_id` kept unless excluded — applied directly;
 * null for anything else (dotted paths, `$slice`, `$elemMatch`, expressions,
 * mixed modes), which mingo projects.
 */
function topLevelProjection(projection: Document): ((doc: Document) => Document) | null {
	let includeId = true;
	const fields = new Set<string>();
	let inclusion: boolean | undefined;
	for (const [field, setting] of Object.entries(projection)) {
		if (typeof setting !== 'number' && typeof setting !== 'boolean') return null;
		if (field === '_id') {
			includeId = Boolean(setting);
			continue;
		}
		if (field.includes('.') || field.startsWith('$') || (inclusion !== undefined && inclusion !== Boolean(setting))) return null;
		inclusion = Boolean(setting);
		fields.add(field);
	}
	if (inclusion === false || (inclusion === undefined && !includeId)) {
		return (doc) => {
			const out: Document = {};
			for (const key in doc) if (!fields.has(key) && (includeId || key !== '_id')) out[key] = doc[key];
			return out;
		};
	}
	return (doc) => {
		const out: Document = {};
		if (includeId && '_id' in doc) out._id = doc._id;
		for (const key in doc) if (key !== '_id' && fields.has(key)) out[key] = doc[key];
		return out;
	};
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
