import { Aggregator, Query } from 'mingo';
import { MongoBulkWriteError, ObjectId } from 'mongodb';
import type {
	AggregateOptions,
	AnyBulkWriteOperation,
	BulkWriteOptions,
	BulkWriteResult,
	ChangeStreamOptions,
	CountDocumentsOptions,
	DeleteOptions,
	DeleteResult,
	Document,
	Filter,
	FindOneAndDeleteOptions,
	FindOneAndUpdateOptions,
	FindOptions,
	IndexDescription,
	InsertManyResult,
	InsertOneOptions,
	InsertOneResult,
	OptionalUnlessRequiredId,
	ReplaceOptions,
	UpdateFilter,
	UpdateOptions,
	UpdateResult,
	WithId,
	WithoutId,
} from 'mongodb';

import type { IChangeStream, ICollection, ICursor } from '@omni/model-typings';

import type { Change } from './changes';
import type { EmbeddedChangeStream } from './changeStream';
import { deepClone } from './clone';
import { compileFilter, UNDECIDED } from './compiledFilter';
import { EmbeddedCursor, normalizeSort, shapeResults } from './cursor';
import { encode } from './ejson';
import { serverError } from './errors';
import { type EmbeddedIndexDescription, type IndexDefinition, ID_INDEX_NAME, normalizeIndex, sameIndex, sameKey } from './indexes/definition';
import { planCandidates } from './planner';
import type { DocumentStore } from './store';
import { applyReplacement, applyUpdate, assertOperatorUpdate, buildUpsert, type UpdateOutcome } from './update';
import { isIndexableScalar, valueKey, valuesAtPath } from './values';

/** What a collection needs from its database. */
export interface CollectionHost {
	readonly databaseName: string;
	/** Journals (or stages, inside a transaction) applied changes and publishes their events. */
	commit(changes: Change[], options: { session?: unknown } | undefined): Promise<void>;
	/** Makes an index definition durable. */
	recordIndex(collection: string, definition: IndexDefinition): Promise<void>;
	watch(collection: string, pipeline: Document[], options: ChangeStreamOptions): EmbeddedChangeStream;
	/** Documents of another collection, for `$lookup`. */
	documentsOf(collection: string): Document[];
}

const QUERY_OPTIONS = { scriptEnabled: false };

interface BulkTally {
	insertedCount: number;
	matchedCount: number;
	modifiedCount: number;
	deletedCount: number;
	upsertedCount: number;
	insertedIds: Record<number, unknown>;
	upsertedIds: Record<number, unknown>;
}

/**
 * A MongoDB-compatible collection over a `DocumentStore`. Every write runs
 * synchronously against memory (so it is atomic with respect to other
 * calls), then waits until the host has made it durable.
 */
export class EmbeddedCollection<T extends Document = Document> implements ICollection<T> {
	/** The last complete match, reused by the same query before any write (e.g. a page, then its total). */
	private lastMatch: { filter: Document; key: string; version: number; slots: number[] } | undefined;

	constructor(
		private readonly host: CollectionHost,
		readonly collectionName: string,
		private readonly store: DocumentStore,
	) {}

	get namespace(): string {
		return `${this.host.databaseName}.${this.collectionName}`;
	}

	// ---- reads -------------------------------------------------------------

	async findOne(filter: Filter<T> = {}, options: FindOptions = {}): Promise<WithId<T> | null> {
		const direct = this.directIdLookup(filter as Document);
		if (direct !== undefined) {
			if (direct === null) return null;
			return (options.projection ? shapeResults([direct], { projection: options.projection })[0] : deepClone(direct)) as WithId<T>;
		}
		const [first] = shapeResults(this.matching(filter as Document, options.sort ? undefined : 1), {
			sort: normalizeSort(options.sort),
			skip: options.skip,
			limit: 1,
			projection: options.projection,
		});
		return (first as WithId<T>) ?? null;
	}

	find(filter: Filter<T> = {}, options: FindOptions = {}): ICursor<WithId<T>> {
		return new EmbeddedCursor<WithId<T>>(() => this.matching(filter as Document), {
			sort: normalizeSort(options.sort),
			skip: options.skip,
			limit: options.limit,
			projection: options.projection,
		});
	}

	async countDocuments(filter: Filter<T> = {}, options: CountDocumentsOptions = {}): Promise<number> {
		const matches = Object.keys(filter).length === 0 ? this.store.size : this.matchingSlots(filter as Document).length;
		const count = Math.max(0, matches - (options.skip ?? 0));
		return options.limit ? Math.min(count, options.limit) : count;
	}

	async distinct(key: string, filter: Filter<T> = {}): Promise<unknown[]> {
		const seen = new Map<string, unknown>();
		for (const doc of this.matching(filter as Document)) {
			for (const value of valuesAtPath(doc, key)) {
				if (value === undefined) continue;
				const mapKey = valueKey(value);
				if (!seen.has(mapKey)) seen.set(mapKey, deepClone(value));
			}
		}
		return [...seen.values()];
	}

	aggregate<R extends Document = Document>(pipeline: Document[], _options?: AggregateOptions): ICursor<R> {
		return new EmbeddedCursor<R>(() => {
			const [first, ...rest] = pipeline;
			const isMatch = first && Object.keys(first).length === 1 && '$match' in first;
			const input = isMatch ? this.matching(first.$match) : [...this.store.documents()];
			const stages = isMatch ? rest : pipeline;
			if (stages.length === 0) return input;
			const aggregator = new Aggregator(stages, {
				...QUERY_OPTIONS,
				collectionResolver: (name: string) => this.host.documentsOf(name),
			});
			// Stages may modify their input objects; feed copies so stored documents stay untouched.
			return aggregator.run(input.map((doc) => deepClone(doc))) as Document[];
		});
	}

	// ---- inserts -----------------------------------------------------------

	async insertOne(doc: OptionalUnlessRequiredId<T>, options?: InsertOneOptions): Promise<InsertOneResult<T>> {
		const input = doc as Document;
		if (input._id === undefined) input._id = new ObjectId();
		await this.write(options, (changes) => this.insertDocument(input, changes));
		return { acknowledged: true, insertedId: input._id };
	}

	async insertMany(docs: ReadonlyArray<OptionalUnlessRequiredId<T>>, options: BulkWriteOptions = {}): Promise<InsertManyResult<T>> {
		const ops = docs.map((doc, index) => {
			const input = doc as Document;
			if (input._id === undefined) input._id = new ObjectId();
			return { index, apply: (changes: Change[], tally: BulkTally) => {
				this.insertDocument(input, changes);
				tally.insertedIds[index] = input._id;
				tally.insertedCount++;
			} };
		});
		const tally = await this.runBulk(ops, options, (index) => docs[index] as Document);
		return { acknowledged: true, insertedCount: tally.insertedCount, insertedIds: tally.insertedIds as InsertManyResult<T>['insertedIds'] };
	}

	// ---- updates -----------------------------------------------------------

	async updateOne(filter: Filter<T>, update: UpdateFilter<T> | Document[], options: UpdateOptions = {}): Promise<UpdateResult<T>> {
		return this.write(options, (changes) => this.updateDocuments(filter as Document, update as Document, options, false, changes));
	}

	async updateMany(filter: Filter<T>, update: UpdateFilter<T> | Document[], options: UpdateOptions = {}): Promise<UpdateResult<T>> {
		return this.write(options, (changes) => this.updateDocuments(filter as Document, update as Document, options, true, changes));
	}

	async replaceOne(filter: Filter<T>, replacement: WithoutId<T>, options: ReplaceOptions = {}): Promise<UpdateResult<T>> {
		return this.write(options, (changes) => this.replaceDocument(filter as Document, replacement as Document, options, changes));
	}

	async findOneAndUpdate(
		filter: Filter<T>,
		update: UpdateFilter<T> | Document[],
		options: FindOneAndUpdateOptions & { includeResultMetadata?: boolean } = {},
	): Promise<WithId<T> | null> {
		assertOperatorUpdate(update as Document);
		const result = await this.write(options, (changes) => {
			const slot = this.firstMatch(filter as Document, options.sort);
			if (slot === undefined) {
				if (!options.upsert) return { before: null, after: null, upserted: false };
				const inserted = buildUpsert(filter as Document, update as Document, options.arrayFilters, false);
				this.insertDocument(inserted, changes, false);
				return { before: null, after: inserted, upserted: true };
			}
			const before = this.store.at(slot) as Document;
			const outcome = applyUpdate(before, update as Document, { filter: filter as Document, arrayFilters: options.arrayFilters });
			this.applyOutcome(slot, before, outcome, changes);
			return { before, after: outcome.doc, upserted: false };
		});
		return this.findAndModifyResult(result, options);
	}

	async findOneAndDelete(
		filter: Filter<T>,
		options: FindOneAndDeleteOptions & { includeResultMetadata?: boolean } = {},
	): Promise<WithId<T> | null> {
		const result = await this.write(options, (changes) => {
			const slot = this.firstMatch(filter as Document, options.sort);
			if (slot === undefined) return { before: null, after: null, upserted: false };
			const before = this.removeSlot(slot, changes);
			return { before, after: null, upserted: false };
		});
		return this.findAndModifyResult(result, { ...options, returnDocument: 'before' });
	}

	// ---- deletes -----------------------------------------------------------

	async deleteOne(filter: Filter<T> = {}, options?: DeleteOptions): Promise<DeleteResult> {
		return this.write(options, (changes) => {
			const slot = this.firstMatch(filter as Document);
			if (slot !== undefined) this.removeSlot(slot, changes);
			return { acknowledged: true, deletedCount: slot === undefined ? 0 : 1 };
		});
	}

	async deleteMany(filter: Filter<T> = {}, options?: DeleteOptions): Promise<DeleteResult> {
		return this.write(options, (changes) => {
			const slots = this.matchingSlots(filter as Document);
			for (const slot of slots) this.removeSlot(slot, changes);
			return { acknowledged: true, deletedCount: slots.length };
		});
	}

	// ---- bulk --------------------------------------------------------------

	async bulkWrite(operations: ReadonlyArray<AnyBulkWriteOperation<T>>, options: BulkWriteOptions = {}): Promise<BulkWriteResult> {
		const ops = operations.map((operation, index) => ({
			index,
			apply: (changes: Change[], tally: BulkTally) => this.applyBulkOperation(operation as Document, index, changes, tally),
		}));
		const tally = await this.runBulk(ops, options, (index) => operations[index] as Document);
		return bulkResult(tally) as unknown as BulkWriteResult;
	}

	// ---- indexes -----------------------------------------------------------

	async createIndexes(indexSpecs: IndexDescription[]): Promise<string[]> {
		const names: string[] = [];
		for (const spec of indexSpecs) {
			const definition = normalizeIndex(spec as EmbeddedIndexDescription);
			names.push(definition.name);
			if (definition.name === ID_INDEX_NAME || (Object.keys(definition.key).join() === '_id' && !definition.substring)) continue;
			const existing = this.store.getIndex(definition.name);
			if (existing) {
				if (sameIndex(existing.definition, definition)) continue;
				throw serverError(86, 'IndexKeySpecsConflict', `An existing index has the same name as the requested index but different options. Requested index: ${JSON.stringify(definition)}, existing index: ${JSON.stringify(existing.definition)}`);
			}
			const sameKeyIndex = this.store.indexDefinitions().find((other) => sameKey(other, definition));
			if (sameKeyIndex) {
				throw serverError(85, 'IndexOptionsConflict', `Index already exists with a different name: ${sameKeyIndex.name}`);
			}
			await this.store.addIndex(definition);
			await this.host.recordIndex(this.collectionName, definition);
		}
		return names;
	}

	listIndexes(): { toArray(): Promise<Document[]> } {
		return {
			toArray: async () => [
				{ v: 2, key: { _id: 1 }, name: ID_INDEX_NAME },
				...this.store.indexDefinitions().map((definition) => ({ v: 2, ...deepClone(definition) })),
			],
		};
	}

	/** How a filter would be answered: which index (or a full scan) and how many candidates it yields. */
	explain(filter: Filter<T>): { index: string | null; candidates: number } {
		const plan = planCandidates(this.store, filter as Document);
		return plan ? { index: plan.index, candidates: plan.slots.length } : { index: null, candidates: this.store.size };
	}

	watch(pipeline: Document[] = [], options: ChangeStreamOptions = {}): IChangeStream<T> {
		return this.host.watch(this.collectionName, pipeline, options) as unknown as IChangeStream<T>;
	}

	// ---- internals ---------------------------------------------------------

	/** `{ _id: scalar }` alone is answered from the `_id` map without running a query. */
	private directIdLookup(filter: Document): Document | null | undefined {
		const keys = Object.keys(filter);
		if (keys.length !== 1 || keys[0] !== '_id' || !isIndexableScalar(filter._id)) return undefined;
		const slot = this.store.slotOfId(filter._id);
		return slot === undefined ? null : (this.store.at(slot) as Document);
	}

	/** Slots of the matching documents in natural order; callers must not modify the returned array. */
	private matchingSlots(filter: Document, stopAfter?: number): number[] {
		if (stopAfter !== undefined) return this.findMatchingSlots(filter, stopAfter);
		// Same object, same content and no write since: the answer cannot have changed.
		const key = encode(filter);
		const last = this.lastMatch;
		if (last && last.filter === filter && last.key === key && last.version === this.store.version) return last.slots;
		const slots = this.findMatchingSlots(filter);
		this.lastMatch = { filter, key, version: this.store.version, slots };
		return slots;
	}

	private findMatchingSlots(filter: Document, stopAfter?: number): number[] {
		const query = new Query(filter, QUERY_OPTIONS);
		const compiled = compileFilter(filter);
		const matches = compiled
			? (doc: Document) => {
					const decided = compiled(doc);
					return decided === UNDECIDED ? query.test(doc) : decided;
				}
			: (doc: Document) => query.test(doc);
		const candidates = planCandidates(this.store, filter)?.slots ?? this.store.allSlots();
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

	private matching(filter: Document, stopAfter?: number): Document[] {
		const direct = this.directIdLookup(filter);
		if (direct !== undefined) return direct ? [direct] : [];
		return this.matchingSlots(filter, stopAfter).map((slot) => this.store.at(slot) as Document);
	}

	private firstMatch(filter: Document, sort?: FindOptions['sort']): number | undefined {
		const direct = this.directIdLookup(filter);
		if (direct !== undefined) return direct ? this.store.slotOfId(direct._id) : undefined;
		const normalized = normalizeSort(sort);
		if (!normalized || Object.keys(normalized).length === 0) return this.matchingSlots(filter, 1)[0];
		const [first] = shapeResults(this.matching(filter), { sort: normalized, limit: 1, projection: { _id: 1 } });
		return first ? this.store.slotOfId(first._id) : undefined;
	}

	private async write<R>(options: { session?: unknown } | undefined, body: (changes: Change[]) => R): Promise<R> {
		const changes: Change[] = [];
		let result: R;
		try {
			result = body(changes);
		} catch (error) {
			// Work done before the failure stays, as on MongoDB (e.g. an ordered insertMany).
			await this.host.commit(changes, options);
			throw error;
		} finally {
			this.store.compactSlotsIfSparse();
		}
		await this.host.commit(changes, options);
		return result;
	}

	private insertDocument(input: Document, changes: Change[], copy = true): void {
		const doc = copy ? deepClone(input) : input;
		if (doc._id === undefined) doc._id = new ObjectId();
		// MongoDB stores `_id` as the first field.
		const stored = Object.keys(doc)[0] === '_id' ? doc : { _id: doc._id, ...doc };
		this.store.insert(stored);
		changes.push({ collection: this.collectionName, operationType: 'insert', after: stored });
	}

	private removeSlot(slot: number, changes: Change[]): Document {
		const before = this.store.remove(slot);
		changes.push({ collection: this.collectionName, operationType: 'delete', before });
		return before;
	}

	private applyOutcome(slot: number, before: Document, outcome: UpdateOutcome, changes: Change[], operationType: 'update' | 'replace' = 'update'): void {
		if (!outcome.modified) return;
		this.store.replace(slot, outcome.doc);
		changes.push({
			collection: this.collectionName,
			operationType,
			before,
			after: outcome.doc,
			updateDescription: { updatedFields: outcome.updatedFields, removedFields: outcome.removedFields },
		});
	}

	private updateDocuments(filter: Document, update: Document | Document[], options: UpdateOptions, many: boolean, changes: Change[]): UpdateResult<T> {
		assertOperatorUpdate(update);
		const slots = many ? this.matchingSlots(filter) : [this.firstMatch(filter, (options as { sort?: FindOptions['sort'] }).sort)].filter((slot): slot is number => slot !== undefined);
		if (slots.length === 0 && options.upsert) {
			const inserted = buildUpsert(filter, update, options.arrayFilters, false);
			this.insertDocument(inserted, changes, false);
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

	private replaceDocument(filter: Document, replacement: Document, options: ReplaceOptions, changes: Change[]): UpdateResult<T> {
		const slot = this.firstMatch(filter, (options as { sort?: FindOptions['sort'] }).sort);
		if (slot === undefined) {
			if (!options.upsert) return updateResult(0, 0, null);
			const inserted = buildUpsert(filter, replacement, undefined, true);
			this.insertDocument(inserted, changes, false);
			return updateResult(0, 0, inserted._id);
		}
		const before = this.store.at(slot) as Document;
		const outcome = applyReplacement(before, replacement);
		this.applyOutcome(slot, before, outcome, changes, 'replace');
		return updateResult(1, outcome.modified ? 1 : 0, null);
	}

	private applyBulkOperation(operation: Document, index: number, changes: Change[], tally: BulkTally): void {
		const [kind] = Object.keys(operation);
		const spec = operation[kind] as Document;
		const count = (result: UpdateResult<T> | { deletedCount: number }) => {
			if ('deletedCount' in result) {
				tally.deletedCount += result.deletedCount;
				return;
			}
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
				this.insertDocument(doc, changes);
				tally.insertedCount++;
				tally.insertedIds[index] = doc._id;
				return;
			}
			case 'updateOne':
			case 'updateMany':
				count(this.updateDocuments(spec.filter, spec.update, spec, kind === 'updateMany', changes));
				return;
			case 'replaceOne':
				count(this.replaceDocument(spec.filter, spec.replacement, spec, changes));
				return;
			case 'deleteOne': {
				const slot = this.firstMatch(spec.filter);
				if (slot !== undefined) this.removeSlot(slot, changes);
				count({ deletedCount: slot === undefined ? 0 : 1 });
				return;
			}
			case 'deleteMany': {
				const slots = this.matchingSlots(spec.filter);
				for (const slot of slots) this.removeSlot(slot, changes);
				count({ deletedCount: slots.length });
				return;
			}
			default:
				throw serverError(9, 'FailedToParse', `Unknown bulk operation: ${kind}`);
		}
	}

	/**
	 * Runs bulk steps in order. Ordered: the first error stops the batch;
	 * unordered: every step runs. Either way, completed steps stay applied and
	 * errors surface as the driver's `MongoBulkWriteError`.
	 */
	private async runBulk(
		ops: { index: number; apply: (changes: Change[], tally: BulkTally) => void }[],
		options: BulkWriteOptions,
		operationAt: (index: number) => Document,
	): Promise<BulkTally> {
		const ordered = options.ordered !== false;
		const tally: BulkTally = { insertedCount: 0, matchedCount: 0, modifiedCount: 0, deletedCount: 0, upsertedCount: 0, insertedIds: {}, upsertedIds: {} };
		const writeErrors: { index: number; code: number; errmsg: string; errInfo?: unknown; op: Document }[] = [];
		await this.write(options, (changes) => {
			for (const op of ops) {
				try {
					op.apply(changes, tally);
				} catch (error) {
					const { code = 2, message } = error as { code?: number; message: string };
					writeErrors.push({ index: op.index, code, errmsg: message, op: operationAt(op.index) });
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

	private findAndModifyResult(
		result: { before: Document | null; after: Document | null; upserted: boolean },
		options: { returnDocument?: 'before' | 'after'; projection?: Document; includeResultMetadata?: boolean },
	): WithId<T> | null {
		const chosen = options.returnDocument === 'after' ? result.after : result.before;
		const value = chosen ? (shapeResults([chosen], { projection: options.projection })[0] as WithId<T>) : null;
		if (!options.includeResultMetadata) return value;
		const updatedExisting = result.before !== null && !result.upserted;
		const lastErrorObject = { n: result.before || result.after ? 1 : 0, updatedExisting, ...(result.upserted ? { upserted: result.after?._id } : {}) };
		return { value, ok: 1, lastErrorObject } as unknown as WithId<T>;
	}
}

function updateResult<T extends Document>(matchedCount: number, modifiedCount: number, upsertedId: unknown): UpdateResult<T> {
	return {
		acknowledged: true,
		matchedCount,
		modifiedCount,
		upsertedCount: upsertedId === null ? 0 : 1,
		upsertedId: upsertedId as UpdateResult<T>['upsertedId'],
	};
}

function bulkResult(tally: BulkTally): Document {
	return { acknowledged: true, ok: 1, ...tally };
}

function toWriteError(error: { index: number; code: number; errmsg: string; op: Document }): Document {
	return {
		...error,
		err: error,
		getOperation: () => error.op,
		toJSON: () => ({ code: error.code, index: error.index, errmsg: error.errmsg, op: error.op }),
	};
}
