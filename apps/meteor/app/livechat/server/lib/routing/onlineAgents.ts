import type { IUser } from '@rocket.chat/core-typings';

import { ApiError } from '../../../../../lib/errors/MeteorError';
import type { LivechatDeps } from '../livechatDeps';

/** Whether an agent that is `away` by connection still counts as online. */
export function acceptsIdleAgents(settings: LivechatDeps['settings']): boolean {
	return settings.get<boolean>('Livechat_enabled_when_agent_idle') !== false;
}

/** The agent if it is an online agent (Rocket.Chat's rule; see `Users.onlineAgentsFilter`). */
export function findOnlineAgent({ models, settings }: Pick<LivechatDeps, 'models' | 'settings'>, agentId: string): Promise<IUser | null> {
	return models.Users.findOneOnlineAgentById(agentId, acceptsIdleAgents(settings), { projection: { _id: 1, username: 1, name: 1 } });
}

/**
 * Before a room is stored: unless chats are accepted with no agent, a room
 * without a chosen agent needs some online agent.
 */
export async function assertAgentsAvailable(
	{ models, settings }: Pick<LivechatDeps, 'models' | 'settings'>,
	{ hasDefaultAgent }: { hasDefaultAgent: boolean },
): Promise<void> {
	if (settings.get<boolean>('Livechat_accept_chats_with_no_agents') || hasDefaultAgent) {
		return;
	}
	if (!(await models.Users.hasOnlineAgents(acceptsIdleAgents(settings)))) {
		throw new ApiError('no-agent-online');
	}
}
