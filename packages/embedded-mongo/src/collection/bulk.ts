import { MongoBulkWriteError, ObjectId } from 'mongodb';
import type { BulkWriteOptions, Document, UpdateResult } from 'mongodb';

import type { Change } from '../changes';
import { serverError } from '../errors';
import type { CollectionWrites } from './writes';

/** What a bulk write did so far, in the driver's result shape. */
export interface BulkTally {
	insertedCount: number;
	matchedCount: number;
	modifiedCount: number;
	deletedCount: number;
	upsertedCount: number;
	insertedIds: Record<number, unknown>;
	upsertedIds: Record<number, unknown>;
}

export interface BulkStep {
	index: number;
	apply: (changes: Change[], tally: BulkTally, writes: CollectionWrites) => void;
}

/** Runs a synchronous write body (with the session's writes, inside a transaction) and makes its changes durable (see `EmbeddedCollection.write`). */
export type WriteRunner = <R>(options: { session?: unknown } | undefined, body: (changes: Change[], writes: CollectionWrites) => R) => Promise<R>;

/**
 * Runs bulk steps in order. Ordered: the first error stops the batch;
 * unordered: every step runs. Either way, completed steps stay applied and
 * errors surface as the driver's `MongoBulkWriteError`.
 */
export async function runBulk(write: WriteRunner, steps: BulkStep[], options: BulkWriteOptions, operationAt: (index: number) => Document): Promise<BulkTally> {
	const ordered = options.ordered !== false;
	const tally: BulkTally = { insertedCount: 0, matchedCount: 0, modifiedCount: 0, deletedCount: 0, upsertedCount: 0, insertedIds: {}, upsertedIds: {} };
	const writeErrors: WriteErrorEntry[] = [];
	await write(options, (changes, writes) => {
		for (const step of steps) {
			try {
				step.apply(changes, tally, writes);
			} catch (error) {
				const { code = 2, message, keyPattern, keyValue } = error as { code?: number; message: string; keyPattern?: Document; keyValue?: Document };
				// As the server reports a write error: duplicate keys name the index key and the colliding value.
				writeErrors.push({ index: step.index, code, errmsg: message, ...(keyPattern && { keyPattern, keyValue }), op: operationAt(step.index) });
				if (ordered) break;
			}
		}
	});
	if (writeErrors.length) {
		const [first] = writeErrors;
		throw new MongoBulkWriteError(
			{ message: first.errmsg, code: first.code, writeErrors: writeErrors.map(toWriteError) } as never,
			bulkResult(tally) as never,
		);
	}
	return tally;
}

/** Applies one `bulkWrite` operation (`{ insertOne: … }`, `{ updateMany: … }`, …) and counts it. */
export function applyBulkOperation(writes: CollectionWrites, operation: Document, index: number, changes: Change[], tally: BulkTally): void {
	const [kind] = Object.keys(operation);
	const spec = operation[kind] as Document;
	const countUpdate = (result: UpdateResult) => {
		tally.matchedCount += result.matchedCount;
		tally.modifiedCount += result.modifiedCount;
		if (result.upsertedId !== null) {
			tally.upsertedCount++;
			tally.upsertedIds[index] = result.upsertedId;
		}
	};
	switch (kind) {
		case 'insertOne': {
			const doc = spec.document as Document;
			if (doc._id === undefined) doc._id = new ObjectId();
			writes.insert(doc, changes);
			tally.insertedCount++;
			tally.insertedIds[index] = doc._id;
			return;
		}
		case 'updateOne':
		case 'updateMany':
			countUpdate(writes.update(spec.filter, spec.update, spec, kind === 'updateMany', changes));
			return;
		case 'replaceOne':
			countUpdate(writes.replace(spec.filter, spec.replacement, spec, changes));
			return;
		case 'deleteOne':
		case 'deleteMany':
			tally.deletedCount += writes.delete(spec.filter, kind === 'deleteMany', changes);
			return;
		default:
			throw serverError(9, 'FailedToParse', `Unknown bulk operation: ${kind}`);
	}
}

/** The operation as the driver sends it (a write error's `getOperation()` returns this form). */
export function wireOperation(operation: Document): Document {
	const [kind] = Object.keys(operation);
	const spec = operation[kind] as Document;
	const optional = (fields: Document) => Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
	switch (kind) {
		case 'insertOne':
			return spec.document;
		case 'updateOne':
		case 'updateMany':
		case 'replaceOne':
			return {
				q: spec.filter,
				u: kind === 'replaceOne' ? spec.replacement : spec.update,
				...optional({ upsert: typeof spec.upsert === 'boolean' ? spec.upsert : undefined, multi: kind === 'updateMany' || undefined }),
				...optional({ hint: spec.hint, arrayFilters: spec.arrayFilters, collation: spec.collation }),
			};
		case 'deleteOne':
		case 'deleteMany':
			return { q: spec.filter, limit: kind === 'deleteOne' ? 1 : 0, ...optional({ collation: spec.collation, hint: spec.hint }) };
		default:
			return operation;
	}
}

export function bulkResult(tally: BulkTally): Document {
	return { acknowledged: true, ok: 1, ...tally };
}

/** One failed step, in the server's write-error shape. */
interface WriteErrorEntry {
	index: number;
	code: number;
	errmsg: string;
	keyPattern?: Document;
	keyValue?: Document;
	op: Document;
}

function toWriteError(error: WriteErrorEntry): Document {
	return {
		...error,
		err: error,
		getOperation: () => error.op,
		toJSON: () => ({ code: error.code, index: error.index, errmsg: error.errmsg, op: error.op }),
	};
}
