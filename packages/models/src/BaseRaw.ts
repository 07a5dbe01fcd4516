import { ObjectId } from 'mongodb';
import type {
	ClientSession,
	Document,
	Filter,
	FindOptions,
	IndexDescription,
	UpdateFilter,
	UpdateOptions,
	UpdateResult,
	WithId,
} from 'mongodb';

import type { IBaseModel, ICollection, ICursor, IDatabase, InsertionModel } from '@omni/model-typings';

/** Rocket.Chat prefixes every collection but `users`. */
export function collectionNameFor(name: string): string {
	return name === 'users' ? name : `rocketchat_${name}`;
}

/** `$set._updatedAt` is added to every operator update so no write forgets it. */
export function withUpdatedAt<T extends Document>(update: UpdateFilter<T>, now = new Date()): UpdateFilter<T> {
	const $set = { ...(update.$set ?? {}), _updatedAt: now } as unknown as UpdateFilter<T>['$set'];
	return { ...update, $set };
}

/**
 * The base of every model, after Rocket.Chat's `BaseRaw`: it owns one
 * collection, gives documents string ObjectId `_id`s and stamps `_updatedAt`.
 * Only the model's own named queries touch `this.col`.
 */
export abstract class BaseRaw<T extends { _id: string }> implements IBaseModel<T> {
	protected readonly col: ICollection<T>;

	constructor(db: IDatabase, name: string) {
		this.col = db.collection<T>(collectionNameFor(name));
	}

	get collectionName(): string {
		return this.col.collectionName;
	}

	/** Indexes this model needs; ensured at startup by `createIndexes`. */
	protected modelIndexes(): IndexDescription[] {
		return [];
	}

	async createIndexes(): Promise<string[]> {
		const indexes = this.modelIndexes();
		return indexes.length ? this.col.createIndexes(indexes) : [];
	}

	findOneById(_id: string, options?: FindOptions): Promise<WithId<T> | null> {
		return this.col.findOne({ _id } as Filter<T>, options);
	}

	findOne(filter: Filter<T>, options?: FindOptions): Promise<WithId<T> | null> {
		return this.col.findOne(filter, options);
	}

	find(filter: Filter<T>, options?: FindOptions): ICursor<WithId<T>> {
		return this.col.find(filter, options);
	}

	countDocuments(filter: Filter<T> = {}): Promise<number> {
		return this.col.countDocuments(filter);
	}

	async insertOne(doc: InsertionModel<T>, options?: { session?: ClientSession }): Promise<{ acknowledged: boolean; insertedId: string }> {
		const record = { _id: new ObjectId().toHexString(), ...doc, _updatedAt: new Date() } as unknown as T;
		const result = await this.col.insertOne(record as never, options);
		return { acknowledged: result.acknowledged, insertedId: record._id };
	}

	updateOne(filter: Filter<T>, update: UpdateFilter<T>, options?: UpdateOptions): Promise<UpdateResult<T>> {
		return this.col.updateOne(filter, withUpdatedAt(update), options);
	}

	updateMany(filter: Filter<T>, update: UpdateFilter<T>, options?: UpdateOptions): Promise<UpdateResult<T>> {
		return this.col.updateMany(filter, withUpdatedAt(update), options);
	}

	findOneAndUpdate(filter: Filter<T>, update: UpdateFilter<T>, options: { upsert?: boolean; session?: ClientSession } = {}): Promise<WithId<T> | null> {
		return this.col.findOneAndUpdate(filter, withUpdatedAt(update), { ...options, returnDocument: 'after', includeResultMetadata: false });
	}

	watch(listener: (change: import('mongodb').ChangeStreamDocument<T>) => void): () => Promise<void> {
		const stream = this.col.watch([], { fullDocument: 'updateLookup' });
		stream.on('change', listener);
		return () => stream.close();
	}
}
