import type { IDatabase, Models } from '@omni/models';
import type { Logger } from 'pino';

import type { Authorization } from '../../authorization/server';
import type { SettingsCache } from '../../settings/server/SettingsCache';
import type { RateLimitCounters } from './rateLimiter';

/** Everything the pipeline needs at request time, built once at startup. */
export interface ApiServices {
	readonly models: Models;
	readonly authorization: Authorization;
	readonly settings: SettingsCache;
	readonly logger: Logger;
	readonly rateLimiter: RateLimitCounters;
	readonly withTransaction: IDatabase['withTransaction'];
	/** TEST_MODE: no rate limiting, `stack` in exception-derived 400 bodies. */
	readonly testMode: boolean;
	readonly nodeEnv: string | undefined;
}
