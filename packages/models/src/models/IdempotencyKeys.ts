import type { IndexDescription } from 'mongodb';

import { BaseRaw } from '../BaseRaw';
import type { IDatabase } from '../ICollection';

/** One claimed `Idempotency-Key`: in flight until its first response is recorded. */
export interface IIdempotencyKey {
	/** A hash of the calling user's id and the key, so keys are scoped per user. */
	_id: string;
	/** A hash of method, route and canonical body: the request the key was first used for. */
	fingerprint: string;
	state: 'in-flight' | 'done';
	statusCode?: number;
	/** The first response's body as JSON text (stored as text so its keys never meet MongoDB's key rules). */
	responseBody?: string;
	claimedAt: Date;
	expiresAt: Date;
	_updatedAt: Date;
}

export type NewIdempotencyKey = Pick<IIdempotencyKey, '_id' | 'fingerprint' | 'claimedAt' | 'expiresAt'>;

function isDuplicateKeyError(error: unknown): boolean {
	return (error as { code?: number })?.code === 11000;
}

/** `rocketchat_idempotency_keys`: claims and recorded responses of idempotent requests. */
export class IdempotencyKeysRaw extends BaseRaw<IIdempotencyKey> {
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
