import type { ILivechatInquiryRecord, IOmnichannelRoom } from '@rocket.chat/core-typings';

import { MeteorError } from '../../../../../lib/errors/MeteorError';
import type { LivechatDeps } from '../livechatDeps';
import { acceptsIdleAgents, findOnlineAgent } from './onlineAgents';
import { assignAgent } from './takeInquiry';

export type SelectedAgent = { agentId: string; username: string; isBot?: boolean };

function isAutoSelection(settings: LivechatDeps['settings']): boolean {
	return settings.get<string>('Livechat_Routing_Method') === 'Auto_Selection';
}

/**
 * A new inquiry waits (`queued`) for someone to take it, or is `ready` to be
 * delegated at once: bots always, otherwise under Auto_Selection unless the
 * waiting queue is on.
 */
export function initialInquiryStatus(settings: LivechatDeps['settings'], defaultAgent: SelectedAgent | undefined): 'ready' | 'queued' {
	if (defaultAgent?.isBot) {
		return 'ready';
	}
	if (settings.get<boolean>('Livechat_waiting_queue')) {
		return 'queued';
	}
	return isAutoSelection(settings) ? 'ready' : 'queued';
}

/**
 * Auto_Selection's delegation: the requested agent if online, else the least
 * busy online agent (counted one chat busier). Nobody eligible leaves the
 * inquiry `ready` and the room unassigned.
 */
export async function delegateInquiry(
	deps: LivechatDeps,
	inquiry: Pick<ILivechatInquiryRecord, '_id'>,
	room: IOmnichannelRoom,
	defaultAgent: SelectedAgent | undefined,
): Promise<void> {
	const requested = defaultAgent && (await findOnlineAgent(deps, defaultAgent.agentId));
	const agent = requested ?? (await deps.models.Users.takeLeastBusyOnlineAgent(acceptsIdleAgents(deps.settings)));
	if (!agent?.username) {
		return;
	}
	try {
		await assignAgent(deps, inquiry._id, room, { _id: agent._id, username: agent.username, name: (agent as { name?: string }).name });
	} catch (error) {
		// Someone took it manually in between: the room is served, which is all delegation wants.
		if (!(error instanceof MeteorError && error.error === 'error-inquiry-taken')) {
			throw error;
		}
	}
}
