import { ObjectId } from 'mongodb';
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

import type { IChangeStream, ICollection, ICursor, KeyGroupPage, KeyGroupPageOptions } from '@omni/model-typings';

import type { Change } from '../changes';
import type { EmbeddedChangeStream } from '../changeStream';
import { deepClone } from '../clone';
import { EmbeddedCursor, normalizeSort, shapeResults } from '../cursor';
import type { IndexDefinition } from '../indexes/definition';
import type { DocumentStore } from '../store';
import { Aggregator } from '../queryEngine';
import { assertOperatorUpdate } from '../update';
import { valueKey, valuesAtPath } from '../values';
import { applyBulkOperation, type BulkTally, bulkResult, runBulk, wireOperation } from './bulk';
import { createIndexes, explain, listIndexes } from './indexManagement';
import { keyGroupPage } from './keyGroupPage';
import { activeSession } from '../transaction';
import { CollectionMatcher } from './matching';
import { type Slots, storeSlots } from './slots';
import { CollectionWrites, type FindAndModifyOutcome } from './writes';

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
	/** True while a transaction is open (slots must not be renumbered under its view). */
	readonly transactionsOpen: boolean;
}

/** What reads and writes work on: the store itself, or a transaction's view of it. */
export interface CollectionParts {
	slots: Slots;
	matcher: CollectionMatcher;
	writes: CollectionWrites;
}

export function collectionParts(collectionName: string, slots: Slots): CollectionParts {
	const matcher = new CollectionMatcher(slots);
	return { slots, matcher, writes: new CollectionWrites(collectionName, slots, matcher) };
}

/**
 * A MongoDB-compatible collection over a `DocumentStore`. Every write runs
 * synchronously against memory (so it is atomic with respect to other
 * calls), then waits until the host has made it durable. Matching lives in
 * `matching.ts`, the write operations in `writes.ts`, `bulkWrite` in
 * `bulk.ts` and index management in `indexManagement.ts`.
 */
export class EmbeddedCollection<T extends Document = Document> implements ICollection<T> {
	private readonly base: CollectionParts;

	constructor(
		private readonly host: CollectionHost,
		readonly collectionName: string,
		private readonly store: DocumentStore,
	) {
		this.base = collectionParts(collectionName, storeSlots(store));
	}

	get namespace(): string {
		return `${this.host.databaseName}.${this.collectionName}`;
	}

	// ---- reads -------------------------------------------------------------

	async findOne(filter: Filter<T> = {}, options: FindOptions = {}): Promise<WithId<T> | null> {
		const { matcher } = this.parts(options);
		const direct = matcher.directIdLookup(filter as Document);
		if (direct !== undefined) {
			if (direct === null) return null;
			return (options.projection ? shapeResults([direct], { projection: options.projection })[0] : deepClone(direct)) as WithId<T>;
		}
		const [first] = shapeResults(matcher.matching(filter as Document, options.sort ? undefined : 1), {
			sort: normalizeSort(options.sort),
			skip: options.skip,
			limit: 1,
			projection: options.projection,
		});
		return (first as WithId<T>) ?? null;
	}

	find(filter: Filter<T> = {}, options: FindOptions = {}): ICursor<WithId<T>> {
		const { matcher } = this.parts(options);
		return new EmbeddedCursor<WithId<T>>(
			() => matcher.matching(filter as Document),
			{ sort: normalizeSort(options.sort), skip: options.skip, limit: options.limit, projection: options.projection },
			(page) => matcher.page(filter as Document, page),
		);
	}

	async countDocuments(filter: Filter<T> = {}, options: CountDocumentsOptions = {}): Promise<number> {
		const { slots, matcher } = this.parts(options);
		const matches = Object.keys(filter).length === 0 ? slots.size : matcher.count(filter as Document);
		const count = Math.max(0, matches - (options.skip ?? 0));
		return options.limit ? Math.min(count, options.limit) : count;
	}

	async distinct(key: string, filter: Filter<T> = {}, options?: { session?: unknown }): Promise<unknown[]> {
		const seen = new Map<string, unknown>();
		for (const doc of this.parts(options).matcher.matching(filter as Document)) {
			for (const value of valuesAtPath(doc, key)) {
				if (value === undefined) continue;
				const mapKey = valueKey(value);
				if (!seen.has(mapKey)) seen.set(mapKey, deepClone(value));
			}
		}
		return [...seen.values()];
	}

	aggregate<R extends Document = Document>(pipeline: Document[], options?: AggregateOptions): ICursor<R> {
		const { slots, matcher } = this.parts(options);
		return new EmbeddedCursor<R>(() => {
			const [first, ...rest] = pipeline;
			const isMatch = first && Object.keys(first).length === 1 && '$match' in first;
			const input = isMatch ? matcher.matching(first.$match) : [...slots.documents()];
			const stages = isMatch ? rest : pipeline;
			if (stages.length === 0) return input;
			const aggregator = new Aggregator(stages, { collectionResolver: (name: string) => this.host.documentsOf(name) });
			// Stages may modify their input objects; feed copies so stored documents stay untouched.
			return aggregator.run(input.map((doc) => deepClone(doc))) as Document[];
		});
	}

	// ---- inserts -----------------------------------------------------------

	async insertOne(doc: OptionalUnlessRequiredId<T>, options?: InsertOneOptions): Promise<InsertOneResult<T>> {
		const input = doc as Document;
		if (input._id === undefined) input._id = new ObjectId();
		await this.write(options, (changes, writes) => writes.insert(input, changes));
		return { acknowledged: true, insertedId: input._id };
	}

	async insertMany(docs: ReadonlyArray<OptionalUnlessRequiredId<T>>, options: BulkWriteOptions = {}): Promise<InsertManyResult<T>> {
		const steps = docs.map((doc, index) => {
			const input = doc as Document;
			if (input._id === undefined) input._id = new ObjectId();
			return {
				index,
				apply: (changes: Change[], tally: BulkTally, writes: CollectionWrites) => {
					writes.insert(input, changes);
					tally.insertedIds[index] = input._id;
					tally.insertedCount++;
				},
			};
		});
		const tally = await runBulk(this.write, steps, options, (index) => docs[index] as Document);
		return { acknowledged: true, insertedCount: tally.insertedCount, insertedIds: tally.insertedIds as InsertManyResult<T>['insertedIds'] };
	}

	// ---- updates -----------------------------------------------------------

	async updateOne(filter: Filter<T>, update: UpdateFilter<T> | Document[], options: UpdateOptions = {}): Promise<UpdateResult<T>> {
		return this.write(options, (changes, writes) => writes.update(filter as Document, update as Document, options, false, changes) as UpdateResult<T>);
	}

	async updateMany(filter: Filter<T>, update: UpdateFilter<T> | Document[], options: UpdateOptions = {}): Promise<UpdateResult<T>> {
		return this.write(options, (changes, writes) => writes.update(filter as Document, update as Document, options, true, changes) as UpdateResult<T>);
	}

	async replaceOne(filter: Filter<T>, replacement: WithoutId<T>, options: ReplaceOptions = {}): Promise<UpdateResult<T>> {
		return this.write(options, (changes, writes) => writes.replace(filter as Document, replacement as Document, options, changes) as UpdateResult<T>);
	}

	async findOneAndUpdate(
		filter: Filter<T>,
		update: UpdateFilter<T> | Document[],
		options: FindOneAndUpdateOptions & { includeResultMetadata?: boolean } = {},
	): Promise<WithId<T> | null> {
		assertOperatorUpdate(update as Document);
		const result = await this.write(options, (changes, writes) => writes.findOneAndUpdate(filter as Document, update as Document, options, changes));
		return this.findAndModifyResult(result, options);
	}

	async findOneAndDelete(
		filter: Filter<T>,
		options: FindOneAndDeleteOptions & { includeResultMetadata?: boolean } = {},
	): Promise<WithId<T> | null> {
		const result = await this.write(options, (changes, writes) => writes.findOneAndDelete(filter as Document, options, changes));
		return this.findAndModifyResult(result, { ...options, returnDocument: 'before' });
	}

	// ---- deletes -----------------------------------------------------------

	async deleteOne(filter: Filter<T> = {}, options?: DeleteOptions): Promise<DeleteResult> {
		return this.write(options, (changes, writes) => ({ acknowledged: true, deletedCount: writes.delete(filter as Document, false, changes) }));
	}

	async deleteMany(filter: Filter<T> = {}, options?: DeleteOptions): Promise<DeleteResult> {
		return this.write(options, (changes, writes) => ({ acknowledged: true, deletedCount: writes.delete(filter as Document, true, changes) }));
	}

	// ---- bulk --------------------------------------------------------------

	async bulkWrite(operations: ReadonlyArray<AnyBulkWriteOperation<T>>, options: BulkWriteOptions = {}): Promise<BulkWriteResult> {
		const steps = operations.map((operation, index) => ({
			index,
			apply: (changes: Change[], tally: BulkTally, writes: CollectionWrites) => applyBulkOperation(writes, operation as Document, index, changes, tally),
		}));
		const tally = await runBulk(this.write, steps, options, (index) => wireOperation(operations[index] as Document));
		return bulkResult(tally) as unknown as BulkWriteResult;
	}

	// ---- indexes -----------------------------------------------------------

	createIndexes(indexSpecs: IndexDescription[]): Promise<string[]> {
		return createIndexes(this.store, indexSpecs, (definition) => this.host.recordIndex(this.collectionName, definition));
	}

	listIndexes(): { toArray(): Promise<Document[]> } {
		return { toArray: async () => listIndexes(this.store) };
	}

	/** How a filter would be answered: which index (or a full scan) and how many candidates it yields. */
	explain(filter: Filter<T>): { index: string | null; candidates: number } {
		return explain(this.store, filter as Document);
	}

	/**
	 * The embedded store's own (MongoDB answers the same question with an
	 * aggregation): keys two or more documents share in these single-field
	 * indexes, largest groups first; see `keyGroupPage`. Reads committed data.
	 */
	keyGroups(indexNames: string[], options: KeyGroupPageOptions): KeyGroupPage | null {
		return keyGroupPage(this.store, indexNames, options);
	}

	watch(pipeline: Document[] = [], options: ChangeStreamOptions = {}): IChangeStream<T> {
		return this.host.watch(this.collectionName, pipeline, options) as unknown as IChangeStream<T>;
	}

	// ---- internals ---------------------------------------------------------

	/** The store, or inside a transaction (`options.session`) the transaction's view of it. */
	private parts(options: { session?: unknown } | undefined): CollectionParts {
		const session = activeSession(options);
		return session ? session.partsFor(this.collectionName, this.store) : this.base;
	}

	/** Runs a synchronous write body against memory, then has the host make its changes durable. */
	private readonly write = async <R>(options: { session?: unknown } | undefined, body: (changes: Change[], writes: CollectionWrites) => R): Promise<R> => {
		const changes: Change[] = [];
		let result: R;
		try {
			result = body(changes, this.parts(options).writes);
		} catch (error) {
			// Work done before the failure stays, as on MongoDB (e.g. an ordered insertMany).
			await this.host.commit(changes, options);
			throw error;
		} finally {
			if (!this.host.transactionsOpen) this.store.compactSlotsIfSparse();
		}
		await this.host.commit(changes, options);
		return result;
	};

	private findAndModifyResult(
		result: FindAndModifyOutcome,
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
