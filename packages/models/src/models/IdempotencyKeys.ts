import type { IndexDescription } from 'mongodb';
import type { IDatabase, IIdempotencyKey, IIdempotencyKeysModel, NewIdempotencyKey } from '@omni/model-typings';

import { BaseRaw } from '../BaseRaw';
import { isDuplicateKeyError } from '../isDuplicateKeyError';

/** `rocketchat_idempotency_keys`: claims and recorded responses of idempotent requests. */
export class IdempotencyKeysRaw extends BaseRaw<IIdempotencyKey> implements IIdempotencyKeysModel {
	constructor(db: IDatabase) {
		super(db, 'idempotency_keys');
	}

	/** MongoDB drops expired keys itself; the embedded store ignores TTL, so `deleteExpired` covers it. */
	protected override modelIndexes(): IndexDescription[] {
		return [{ key: { expiresAt: 1 }, expireAfterSeconds: 0 }];
	}

	/**
	 * Atomically claims a key (the unique `_id` decides between racing instances).
	 * @returns false when the key is already claimed.
	 */
	async claim(key: NewIdempotencyKey): Promise<boolean> {
		try {
			await this.insertOne({ ...key, state: 'in-flight' });
			return true;
		} catch (error) {
			if (isDuplicateKeyError(error)) {
				return false;
			}
			throw error;
		}
	}

	/**
	 * Takes over a claim that is expired, or in flight since before `abandonedBefore`
	 * (its server died mid-request). Atomic: of several callers, one wins.
	 */
	async takeOver({ _id, ...claim }: NewIdempotencyKey, now: Date, abandonedBefore: Date): Promise<boolean> {
		const taken = await this.findOneAndUpdate(
			{ _id, $or: [{ expiresAt: { $lte: now } }, { state: 'in-flight', claimedAt: { $lt: abandonedBefore } }] },
			{ $set: { ...claim, state: 'in-flight' }, $unset: { statusCode: 1, responseBody: 1 } },
		);
		return taken !== null;
	}

	recordResponse(_id: string, statusCode: number, responseBody: string): Promise<unknown> {
		return this.updateOne({ _id }, { $set: { state: 'done', statusCode, responseBody } });
	}

	/** Frees a claim whose request failed unexpectedly, so a retry can run. */
	release(_id: string): Promise<unknown> {
		return this.col.deleteOne({ _id, state: 'in-flight' });
	}

	async deleteExpired(now: Date): Promise<number> {
		const { deletedCount } = await this.col.deleteMany({ expiresAt: { $lte: now } });
		return deletedCount;
	}
}
