import type { Deps } from '../../../lib/server/deps';

/**
 * What the livechat domain functions receive: the shared deps' models,
 * settings and transactions (room creation, take and close write several
 * collections at once and must not be half-applied by a crash).
 */
export interface LivechatDeps extends Pick<Deps, 'models' | 'settings' | 'withTransaction' | 'visitorCustomFields'> {
	/** TEST_MODE: some errors carry extra `details`, as in Rocket.Chat. */
	readonly testMode?: boolean;
}
