import type { Deps } from '../../lib/server/deps';
import type { RateLimitCounters } from './rateLimiter';

/** Everything the pipeline needs at request time, built once at startup: the domain deps plus the framework's own. */
export interface ApiServices extends Deps {
	readonly rateLimiter: RateLimitCounters;
	/** TEST_MODE: no rate limiting, `stack` in exception-derived 400 bodies. */
	readonly testMode: boolean;
	readonly nodeEnv: string | undefined;
}
