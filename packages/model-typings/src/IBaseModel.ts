import type { ChangeStreamDocument, ClientSession, Filter, FindOptions, UpdateFilter, UpdateOptions, UpdateResult, WithId } from 'mongodb';

import type { ICursor } from './ICollection';

/** A document as handed to `insertOne`: `_id` and `_updatedAt` are filled in by the model. */
export type InsertionModel<T> = Omit<T, '_id' | '_updatedAt'> & { _id?: string; _updatedAt?: Date };

/** What every model reads: one collection, named queries on top (Rocket.Chat's `IBaseModel`, read half). */
export interface IBaseReadModel<T extends { _id: string }> {
	readonly collectionName: string;
	/** Ensures the model's indexes; called once at startup. */
	createIndexes(): Promise<string[]>;
	findOneById(_id: string, options?: FindOptions): Promise<WithId<T> | null>;
	findOne(filter: Filter<T>, options?: FindOptions): Promise<WithId<T> | null>;
	find(filter: Filter<T>, options?: FindOptions): ICursor<WithId<T>>;
	countDocuments(filter?: Filter<T>): Promise<number>;
	/** Subscribes to every write (cache invalidation); resolves the returned function to stop. */
	watch(listener: (change: ChangeStreamDocument<T>) => void): () => Promise<void>;
}

/**
 * A model whose callers may also write with generic operator updates. Models
 * whose writes carry rules (e.g. contacts: never write a deleted one) expose
 * named write methods instead and extend only `IBaseReadModel`.
 */
export interface IBaseModel<T extends { _id: string }> extends IBaseReadModel<T> {
	insertOne(doc: InsertionModel<T>, options?: { session?: ClientSession }): Promise<{ acknowledged: boolean; insertedId: string }>;
	updateOne(filter: Filter<T>, update: UpdateFilter<T>, options?: UpdateOptions): Promise<UpdateResult<T>>;
	updateMany(filter: Filter<T>, update: UpdateFilter<T>, options?: UpdateOptions): Promise<UpdateResult<T>>;
	findOneAndUpdate(filter: Filter<T>, update: UpdateFilter<T>, options?: { upsert?: boolean; session?: ClientSession }): Promise<WithId<T> | null>;
}
