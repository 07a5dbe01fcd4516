import type { IndexDescription } from 'mongodb';

import { BaseRaw } from '../BaseRaw';
import type { IDatabase } from '../ICollection';

/** One fixed rate-limit window for one key (client IP × method × route). */
export interface IRateLimitCounter {
	_id: string;
	count: number;
	/** When the window closes; MongoDB's TTL index removes it afterwards. */
	resetAt: Date;
	_updatedAt: Date;
}

/**
 * `rocketchat_rate_limit_counters`: the limiter's counters when several
 * instances share one MongoDB, so they enforce one limit together.
 */
export class RateLimitCountersRaw extends BaseRaw<IRateLimitCounter> {
	constructor(db: IDatabase) {
		super(db, 'rate_limit_counters');
	}

	protected override modelIndexes(): IndexDescription[] {
		return [{ key: { resetAt: 1 }, expireAfterSeconds: 0 }];
	}

	/**
	 * Counts one call in the key's open window, opening one (upsert) when none
	 * exists. Throws a duplicate-key error when only an expired window exists:
	 * the caller removes it with `deleteClosedWindow` and retries.
	 */
	incrementOpenWindow(_id: string, now: Date, resetAt: Date): Promise<IRateLimitCounter | null> {
		return this.findOneAndUpdate(
			{ _id, resetAt: { $gt: now } },
			{ $inc: { count: 1 }, $setOnInsert: { resetAt } },
			{ upsert: true },
		);
	}

	deleteClosedWindow(_id: string, now: Date): Promise<unknown> {
		return this.col.deleteOne({ _id, resetAt: { $lte: now } });
	}

	findOpenWindow(_id: string, now: Date): Promise<IRateLimitCounter | null> {
		return this.col.findOne({ _id, resetAt: { $gt: now } });
	}

	deleteWindow(_id: string): Promise<unknown> {
		return this.col.deleteOne({ _id });
	}
}
