import type { LivechatDeps } from '../livechatDeps';

export type AgentStatus = 'available' | 'not-available';

export type AgentStatusOutcome =
	| { kind: 'not-found' }
	| { kind: 'deactivated' }
	| { kind: 'forbidden' }
	| { kind: 'done'; status: AgentStatus };

/**
 * `POST livechat/agent.status`: sets (or toggles) an agent's livechat
 * availability. Changing someone else's needs `manage-livechat-agents`,
 * checked by the caller through `mayManageOthers`.
 */
export async function setAgentStatus(
	{ models }: Pick<LivechatDeps, 'models'>,
	{ callerId, agentId, status, mayManageOthers }: { callerId: string; agentId?: string; status?: AgentStatus; mayManageOthers: () => Promise<boolean> },
): Promise<AgentStatusOutcome> {
	const targetId = agentId || callerId;
	const agent = await models.Users.findOneAgentById(targetId, { projection: { _id: 1, active: 1, statusLivechat: 1 } });
	if (!agent) {
		return { kind: 'not-found' };
	}
	if (!agent.active) {
		return { kind: 'deactivated' };
	}
	const current = (agent as { statusLivechat?: AgentStatus }).statusLivechat;
	const newStatus: AgentStatus = status || (current === 'available' ? 'not-available' : 'available');
	if (newStatus === current) {
		return { kind: 'done', status: newStatus };
	}
	if (targetId !== callerId && !(await mayManageOthers())) {
		return { kind: 'forbidden' };
	}
	await models.Users.setLivechatStatus(targetId, newStatus);
	return { kind: 'done', status: newStatus };
}
