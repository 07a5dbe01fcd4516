import type {
	AggregateOptions,
	AnyBulkWriteOperation,
	BulkWriteOptions,
	BulkWriteResult,
	ChangeStreamDocument,
	ChangeStreamOptions,
	ClientSession,
	CountDocumentsOptions,
	CreateIndexesOptions,
	DeleteOptions,
	DeleteResult,
	DistinctOptions,
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
	Sort,
	UpdateFilter,
	UpdateOptions,
	UpdateResult,
	WithId,
	WithoutId,
} from 'mongodb';

/**
 * The cursor subset the models use. The driver's `FindCursor` satisfies it.
 */
export interface ICursor<T> extends AsyncIterable<T> {
	sort(sort: Sort): ICursor<T>;
	skip(value: number): ICursor<T>;
	limit(value: number): ICursor<T>;
	project<P extends Document = Document>(projection: Document): ICursor<P>;
	toArray(): Promise<T[]>;
}

/** The subset of the driver's `ChangeStream` used for cache invalidation. */
export interface IChangeStream<T extends Document = Document> {
	on(event: 'change', listener: (change: ChangeStreamDocument<T>) => void): unknown;
	on(event: 'error', listener: (error: Error) => void): unknown;
	close(): Promise<void>;
}

/** Documents sharing one key of one index (see `ICollection.keyGroups`). */
export interface KeyGroup {
	index: string;
	/** The shared value (string keys as stored; other types as the store's internal key text). */
	value: string;
	/** How many documents share it. */
	size: number;
	/** `_id`s of the first `maxIds` of them, in insertion order. */
	ids: unknown[];
}

export interface KeyGroupPage {
	total: number;
	groups: KeyGroup[];
}

export interface KeyGroupPageOptions {
	offset: number;
	limit: number;
	maxIds: number;
}

/**
 * The collection methods the models may call. Both the official driver's
 * `Collection` and the embedded store's collection satisfy it structurally,
 * so a model never knows which one it runs on. A few (`distinct`, `aggregate`,
 * `replaceOne`, `findOneAndDelete`, `bulkWrite`, `listIndexes`) have no model
 * caller yet; they stay because the store's conformance suite checks them
 * against MongoDB through this very interface, so a model can use them
 * without first finding a difference between the two stores.
 */
export interface ICollection<T extends Document = Document> {
	readonly collectionName: string;

	insertOne(doc: OptionalUnlessRequiredId<T>, options?: InsertOneOptions): Promise<InsertOneResult<T>>;
	insertMany(docs: ReadonlyArray<OptionalUnlessRequiredId<T>>, options?: BulkWriteOptions): Promise<InsertManyResult<T>>;

	findOne(filter: Filter<T>, options?: FindOptions): Promise<WithId<T> | null>;
	find(filter: Filter<T>, options?: FindOptions): ICursor<WithId<T>>;
	countDocuments(filter?: Filter<T>, options?: CountDocumentsOptions): Promise<number>;
	distinct(key: string, filter: Filter<T>, options?: DistinctOptions): Promise<unknown[]>;
	aggregate<R extends Document = Document>(pipeline: Document[], options?: AggregateOptions): ICursor<R>;

	updateOne(filter: Filter<T>, update: UpdateFilter<T> | Document[], options?: UpdateOptions): Promise<UpdateResult<T>>;
	updateMany(filter: Filter<T>, update: UpdateFilter<T> | Document[], options?: UpdateOptions): Promise<UpdateResult<T>>;
	replaceOne(filter: Filter<T>, replacement: WithoutId<T>, options?: ReplaceOptions): Promise<UpdateResult<T> | Document>;
	findOneAndUpdate(
		filter: Filter<T>,
		update: UpdateFilter<T> | Document[],
		options: FindOneAndUpdateOptions & { includeResultMetadata: false },
	): Promise<WithId<T> | null>;
	findOneAndDelete(filter: Filter<T>, options: FindOneAndDeleteOptions & { includeResultMetadata: false }): Promise<WithId<T> | null>;

	deleteOne(filter?: Filter<T>, options?: DeleteOptions): Promise<DeleteResult>;
	deleteMany(filter?: Filter<T>, options?: DeleteOptions): Promise<DeleteResult>;

	bulkWrite(operations: ReadonlyArray<AnyBulkWriteOperation<T>>, options?: BulkWriteOptions): Promise<BulkWriteResult>;

	createIndexes(indexSpecs: IndexDescription[], options?: CreateIndexesOptions): Promise<string[]>;
	listIndexes(): { toArray(): Promise<Document[]> };

	watch(pipeline?: Document[], options?: ChangeStreamOptions): IChangeStream<T>;

	/**
	 * Embedded store only (absent on the driver, where the same report is an
	 * aggregation): one page of the keys two or more documents share in these
	 * single-field indexes, largest groups first, then in the order the indexes
	 * are named, then by value; maintained by the writes, so no scan. Null while
	 * an index is still being built at startup.
	 */
	keyGroups?(indexNames: string[], options: KeyGroupPageOptions): KeyGroupPage | null;
}

/**
 * A database: collections by name plus transactions. The driver's `Db` is
 * adapted to it by the connection factory (transactions live on the client).
 */
export interface IDatabase {
	collection<T extends Document = Document>(name: string): ICollection<T>;
	/** Runs `fn` atomically; pass `session` to every operation inside it. */
	withTransaction<R>(fn: (session: ClientSession | undefined) => Promise<R>): Promise<R>;
	/** True when change events come from a shared server (other instances see them too). */
	readonly sharedChangeEvents: boolean;
	/** True when `createIndexes` accepts `substring: true` (embedded store only; see its README). */
	readonly supportsSubstringIndexes: boolean;
	close(): Promise<void>;
}
