import type { IOmnichannelRoom } from '@rocket.chat/core-typings';

import { ApiError, MeteorError } from '../../../../../lib/errors/MeteorError';
import { resolveContactForRoom } from '../contacts/resolveContactForRoom';
import type { LivechatDeps } from '../livechatDeps';
import { saveSystemMessage } from '../messages/saveSystemMessage';
import { acceptsIdleAgents, findOnlineAgent } from './onlineAgents';

/** Rolls the take's transaction back when another taker won the race. */
class TakeLost extends Error {}

function agentOffline(deps: Pick<LivechatDeps, 'settings' | 'testMode'>, agentId: string): MeteorError {
	return new MeteorError(
		'error-agent-status-service-offline',
		undefined,
		deps.testMode ? { Livechat_enabled_when_agent_idle: acceptsIdleAgents(deps.settings), agentId } : undefined,
	);
}

/** Room take fallback (Rocket.Chat's `migrateVisitorIfMissingContact`): a room without a contact gets one first. */
async function ensureRoomContact(deps: LivechatDeps, room: IOmnichannelRoom): Promise<void> {
	if (room.contactId) {
		return;
	}
	const visitor = await deps.models.LivechatVisitors.findOneEnabledById(room.v._id);
	if (visitor) {
		await resolveContactForRoom(deps, visitor, room.source);
	}
}

/**
 * Assigns an inquiry's room to an agent, atomically: the inquiry is claimed
 * (`taken`) by exactly one caller, and in the same transaction the agent is
 * subscribed, the room gets `servedBy`, and the `connected`/`uj` messages
 * are written. A closed room, or one the agent already serves, is left alone.
 *
 * @throws `Inquiry not found [error-not-found]`, `Inquiry already taken [error-inquiry-taken]`,
 *   `[error-agent-status-service-offline]`, `[error-mac-limit-reached]` (room missing)
 */
export async function takeInquiry(deps: LivechatDeps, inquiryId: string, agentId: string): Promise<void> {
	const { models } = deps;
	const inquiry = await models.LivechatInquiry.findOneById(inquiryId);
	if (!inquiry) {
		throw new ApiError('error-not-found');
	}
	if (inquiry.status === 'taken') {
		throw new ApiError('error-inquiry-taken');
	}
	const agent = await findOnlineAgent(deps, agentId);
	if (!agent?.username) {
		throw agentOffline(deps, agentId);
	}
	const room = await models.LivechatRooms.findOneLivechatById(inquiry.rid);
	if (!room) {
		throw new ApiError('error-mac-limit-reached');
	}
	if (!room.open || room.servedBy?._id === agent._id) {
		return;
	}
	await ensureRoomContact(deps, room);
	await assignAgent(deps, inquiry._id, room, { _id: agent._id, username: agent.username, name: agent.name });
}

/** The writes of a take, as one transaction. Losing the claim to a concurrent taker answers `error-inquiry-taken`. */
export async function assignAgent(
	deps: LivechatDeps,
	inquiryId: string,
	room: IOmnichannelRoom,
	agent: { _id: string; username: string; name?: string },
): Promise<void> {
	const { models } = deps;
	try {
		await deps.withTransaction(async (session) => {
			if (!(await models.LivechatInquiry.claimForTake(inquiryId, { session }))) {
				throw new TakeLost();
			}
			const current = await models.LivechatRooms.findOneLivechatById(room._id, { projection: { fname: 1 }, session });
			const name = current?.fname ?? room.fname ?? '';
			if (!(await models.Subscriptions.findOneByRoomIdAndUserId(room._id, agent._id, { projection: { _id: 1 }, session }))) {
				await models.Subscriptions.insertSubscription(
					{
						rid: room._id,
						name,
						fname: name,
						t: 'l',
						u: { _id: agent._id, username: agent.username },
						v: { _id: room.v._id, username: room.v.username, token: room.v.token, status: room.v.status },
						open: true,
						alert: true,
						unread: 1,
						userMentions: 1,
						groupMentions: 0,
						desktopNotifications: 'all',
						mobilePushNotifications: 'all',
						emailNotifications: 'all',
						ts: new Date(),
						...(room.departmentId && { department: room.departmentId }),
					} as never,
					{ session },
				);
			}
			if (!(await models.LivechatRooms.setServedBy(room._id, { _id: agent._id, username: agent.username, ts: new Date() }, { session }))) {
				throw new TakeLost();
			}
			const author = { _id: agent._id, username: agent.username, ...(agent.name && { name: agent.name }) };
			await saveSystemMessage(deps, 'command', room._id, 'connected', author, {}, session);
			await saveSystemMessage(deps, 'uj', room._id, agent.username, author, {}, session);
		});
	} catch (error) {
		if (error instanceof TakeLost) {
			throw new ApiError('error-inquiry-taken');
		}
		throw error;
	}
}
