import type { IRateLimitCountersModel } from '@omni/model-typings';
import { isDuplicateKeyError } from '@omni/models';

import type { RateLimitCounters, RateLimitDecision, RateLimitWindow } from './rateLimiter';

/** An expired window can be recreated by a racing instance between our delete and our retry; a few rounds settle it. */
const MAX_ATTEMPTS = 5;

/**
 * Fixed-window counters kept in a collection, so several server instances on
 * one MongoDB enforce one limit together. Each call is one atomic
 * `findOneAndUpdate` (`$inc` + upsert) on the key's open window; a window
 * whose time is up is deleted and a new one opened.
 *
 * @example await new SharedRateLimiter(models.RateLimitCounters).hit('1.2.3.4 POST /api/v1/login', 10, 60000, Date.now())
 */
export class SharedRateLimiter implements RateLimitCounters {
	constructor(private readonly counters: IRateLimitCountersModel) {}

	async hit(key: string, limit: number, intervalMs: number, now: number): Promise<RateLimitDecision> {
		const at = new Date(now);
		for (let attempt = 1; ; attempt++) {
			try {
				const window = await this.counters.incrementOpenWindow(key, at, new Date(now + intervalMs));
				if (!window) {
					throw new Error(`rate-limit window ${key} was not returned by its upsert`);
				}
				return { allowed: window.count <= limit, limit, remaining: Math.max(limit - window.count, 0), resetAt: window.resetAt.getTime() };
			} catch (error) {
				if (!isDuplicateKeyError(error) || attempt === MAX_ATTEMPTS) {
					throw error;
				}
				await this.counters.deleteClosedWindow(key, at);
			}
		}
	}

	async peek(key: string, now: number): Promise<RateLimitWindow | undefined> {
		const window = await this.counters.findOpenWindow(key, new Date(now));
		return window ? { count: window.count, resetAt: window.resetAt.getTime() } : undefined;
	}

	async reset(key: string): Promise<void> {
		await this.counters.deleteWindow(key);
	}

	/** Nothing to stop: the counters live in the database. */
	stop(): void {}
}
