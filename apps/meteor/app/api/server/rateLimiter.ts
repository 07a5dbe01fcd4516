/** The outcome of one call against a fixed window. */
export interface RateLimitDecision {
	allowed: boolean;
	limit: number;
	remaining: number;
	/** Epoch ms at which the window resets. */
	resetAt: number;
}

/** One open window: the calls counted in it and when it closes (epoch ms). */
export interface RateLimitWindow {
	count: number;
	resetAt: number;
}

/** Where the limiter's counters live: this process, or a collection shared by every instance. */
export interface RateLimitCounters {
	/** Counts one call for `key` and decides whether it is allowed. */
	hit(key: string, limit: number, intervalMs: number, now: number): RateLimitDecision | Promise<RateLimitDecision>;
	/** The key's open window, without counting a call; `undefined` when none is open. */
	peek(key: string, now: number): RateLimitWindow | undefined | Promise<RateLimitWindow | undefined>;
	/** Forgets the key's window (e.g. failed logins after a successful one). */
	reset(key: string): void | Promise<void>;
	stop(): void;
}

/** Default most windows held in memory (≈ 200 bytes each). */
export const DEFAULT_MAX_WINDOWS = 100_000;

/**
 * Fixed-window counters, one per key (client IP × route × method), as
 * Rocket.Chat's API limiter does: the first call opens a window of
 * `intervalMs`; calls beyond `limit` inside it are refused. At most
 * `maxWindows` are held: past that the window opened longest ago is
 * forgotten (its key starts afresh), so no number of distinct keys can grow
 * memory without bound.
 *
 * @example limiter.hit('1.2.3.4 POST /api/v1/login', 10, 60000, Date.now()).allowed
 */
export class RateLimiter implements RateLimitCounters {
	/** In the order the windows were opened (a reopened window moves to the end), so the first is the one to evict. */
	private readonly windows = new Map<string, RateLimitWindow>();

	private sweepTimer: NodeJS.Timeout | undefined;

	/**
	 * @param sweepEveryMs how often expired windows are dropped, so idle clients do not hold memory.
	 * @param maxWindows   most windows held at once.
	 */
	constructor(
		private readonly sweepEveryMs = 60_000,
		private readonly maxWindows = DEFAULT_MAX_WINDOWS,
	) {}

	hit(key: string, limit: number, intervalMs: number, now: number): RateLimitDecision {
		let window = this.windows.get(key);
		if (!window || window.resetAt <= now) {
			window = { count: 0, resetAt: now + intervalMs };
			this.open(key, window);
		}
		window.count++;
		return {
			allowed: window.count <= limit,
			limit,
			remaining: Math.max(limit - window.count, 0),
			resetAt: window.resetAt,
		};
	}

	peek(key: string, now: number): RateLimitWindow | undefined {
		const window = this.windows.get(key);
		return window && window.resetAt > now ? { ...window } : undefined;
	}

	reset(key: string): void {
		this.windows.delete(key);
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

	private open(key: string, window: RateLimitWindow): void {
		this.windows.delete(key);
		this.windows.set(key, window);
		if (this.windows.size > this.maxWindows) {
			this.windows.delete(this.windows.keys().next().value!);
		}
		this.scheduleSweep();
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
