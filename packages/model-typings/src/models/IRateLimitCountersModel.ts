import type { IBaseModel } from '../IBaseModel';

/** One fixed rate-limit window for one key (client IP × method × route). */
export interface IRateLimitCounter {
	_id: string;
	count: number;
	/** When the window closes; MongoDB's TTL index removes it afterwards. */
	resetAt: Date;
	_updatedAt: Date;
}

/** `rocketchat_rate_limit_counters`: the limiter's counters shared by instances on one MongoDB. */
export interface IRateLimitCountersModel extends IBaseModel<IRateLimitCounter> {
	/** Counts one call in the key's open window, opening one when none exists; throws a duplicate-key error when only an expired one exists. */
	incrementOpenWindow(_id: string, now: Date, resetAt: Date): Promise<IRateLimitCounter | null>;
	deleteClosedWindow(_id: string, now: Date): Promise<unknown>;
	/** The key's window if it is still open. */
	findOpenWindow(_id: string, now: Date): Promise<IRateLimitCounter | null>;
	deleteWindow(_id: string): Promise<unknown>;
}
