import type { IBaseModel } from '../IBaseModel';

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

/** `rocketchat_idempotency_keys`: claims and recorded responses of idempotent requests. */
export interface IIdempotencyKeysModel extends IBaseModel<IIdempotencyKey> {
	/** Atomically claims a key; false when it is already claimed. */
	claim(key: NewIdempotencyKey): Promise<boolean>;
	/** Takes over a claim that is expired, or in flight since before `abandonedBefore`. Of several callers, one wins. */
	takeOver(claim: NewIdempotencyKey, now: Date, abandonedBefore: Date): Promise<boolean>;
	recordResponse(_id: string, statusCode: number, responseBody: string): Promise<unknown>;
	/** Frees a claim whose request failed, so a retry can run. */
	release(_id: string): Promise<unknown>;
	deleteExpired(now: Date): Promise<number>;
}
