import type { IndexDescription } from 'mongodb';
import type { IDatabase, IRateLimitCounter, IRateLimitCountersModel } from '@omni/model-typings';

import { BaseRaw } from '../BaseRaw';

/**
 * `rocketchat_rate_limit_counters`: the limiter's counters when several
 * instances share one MongoDB, so they enforce one limit together.
 */
export class RateLimitCountersRaw extends BaseRaw<IRateLimitCounter> implements IRateLimitCountersModel {
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
