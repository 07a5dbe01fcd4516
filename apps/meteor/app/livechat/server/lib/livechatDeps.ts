import type { IDatabase, Models } from '@omni/models';

import type { SettingsCache } from '../../../settings/server/SettingsCache';

/**
 * What the livechat domain functions receive: models, settings and the
 * database's transactions (room creation, take and close write several
 * collections at once and must not be half-applied by a crash).
 */
export interface LivechatDeps {
	readonly models: Models;
	readonly settings: Pick<SettingsCache, 'get' | 'incrementValue'>;
	readonly withTransaction: IDatabase['withTransaction'];
	/** TEST_MODE: some errors carry extra `details`, as in Rocket.Chat. */
	readonly testMode?: boolean;
}
