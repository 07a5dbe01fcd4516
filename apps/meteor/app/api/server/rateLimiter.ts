/** The outcome of one call against a fixed window. */
export interface RateLimitDecision {
	allowed: boolean;
	limit: number;
	remaining: number;
	/** Epoch ms at which the window resets. */
	resetAt: number;
}

/** Where the limiter's counters live: this process, or a collection shared by every instance. */
export interface RateLimitCounters {
	/** Counts one call for `key` and decides whether it is allowed. */
	hit(key: string, limit: number, intervalMs: number, now: number): RateLimitDecision | Promise<RateLimitDecision>;
	stop(): void;
}

interface Window {
	count: number;
	resetAt: number;
}

/**
 * Fixed-window counters, one per key (client IP × route × method), as
 * Rocket.Chat's API limiter does: the first call opens a window of
 * `intervalMs`; calls beyond `limit` inside it are refused.
 *
 * @example limiter.hit('1.2.3.4 POST /api/v1/login', 10, 60000, Date.now()).allowed
 */
export class RateLimiter implements RateLimitCounters {
	private readonly windows = new Map<string, Window>();

	private sweepTimer: NodeJS.Timeout | undefined;

	/** @param sweepEveryMs how often expired windows are dropped, so idle clients do not hold memory. */
	constructor(private readonly sweepEveryMs = 60_000) {}

	hit(key: string, limit: number, intervalMs: number, now: number): RateLimitDecision {
		let window = this.windows.get(key);
		if (!window || window.resetAt <= now) {
			window = { count: 0, resetAt: now + intervalMs };
			this.windows.set(key, window);
			this.scheduleSweep();
		}
		window.count++;
		return {
			allowed: window.count <= limit,
			limit,
			remaining: Math.max(limit - window.count, 0),
			resetAt: window.resetAt,
		};
	}

	get size(): number {
		return this.windows.size;
	}

	sweep(now: number): void {
		for (const [key, window] of this.windows) {
			if (window.resetAt <= now) {
				this.windows.delete(key);
			}
		}
	}

	stop(): void {
		clearInterval(this.sweepTimer);
		this.sweepTimer = undefined;
	}

	private scheduleSweep(): void {
		if (this.sweepTimer) {
			return;
		}
		this.sweepTimer = setInterval(() => {
			this.sweep(Date.now());
			if (this.windows.size === 0) {
				this.stop();
			}
		}, this.sweepEveryMs);
		this.sweepTimer.unref();
	}
}

/** Seconds a refused caller must wait (rounded up); the 429's text is in the error table (`error-too-many-requests`). */
export function secondsUntilReset(decision: RateLimitDecision, now: number): number {
	return Math.ceil((decision.resetAt - now) / 1000);
}

/** `X-RateLimit-*` headers for every response while the limiter is enforced. */
export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
	return {
		'X-RateLimit-Limit': String(decision.limit),
		'X-RateLimit-Remaining': String(decision.remaining),
		'X-RateLimit-Reset': String(decision.resetAt),
	};
}
