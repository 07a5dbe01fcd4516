import type { ILivechatVisitor, IOmnichannelRoom, IOmnichannelSource } from '@rocket.chat/core-typings';
import { ObjectId } from 'mongodb';

import { ApiError } from '../../../../../lib/errors/MeteorError';
import { randomId } from '../../../../../lib/random';
import { associationOf, resolveContactForRoom } from '../contacts/resolveContactForRoom';
import type { LivechatDeps } from '../livechatDeps';
import { saveSystemMessage } from '../messages/saveSystemMessage';
import { assertAgentsAvailable } from '../routing/onlineAgents';
import { delegateInquiry, initialInquiryStatus, type SelectedAgent } from '../routing/routeNewInquiry';

/** Rocket.Chat's defaults for rooms and inquiries without priority or SLA (EE features). */
const DEFAULT_PRIORITY_WEIGHT = 99;
const DEFAULT_ESTIMATED_WAITING_TIME = 9999999;

/** Thrown inside the creation transaction when another request opened this visitor's room first. */
export class OpenRoomExists extends Error {}

async function defaultAgentFor(deps: LivechatDeps, agent: SelectedAgent | undefined): Promise<SelectedAgent | undefined> {
	if (agent) {
		return agent;
	}
	if (!deps.settings.get<boolean>('Livechat_assign_new_conversation_to_bot')) {
		return undefined;
	}
	const bot = await deps.models.Users.findOneBotAgent({ projection: { _id: 1, username: 1 } });
	return bot?.username ? { agentId: bot._id, username: bot.username, isBot: true } : undefined;
}

/**
 * Opens a livechat room for a visitor (Rocket.Chat's `QueueManager.requestRoom`):
 * checks (omnichannel on, channel not blocked, someone to answer), then in
 * one transaction the contact (resolved or created), the room, its inquiry,
 * `lastChat` on visitor, contact and channel, and `livechat-started`; then
 * routing. Returns the room as stored after routing.
 *
 * @throws `[error-omnichannel-is-disabled]`, plain `error-contact-channel-blocked`,
 *   `Sorry, no online agents [no-agent-online]`, plain `error-contact-manager-not-found`;
 *   `OpenRoomExists` when a concurrent request opened the visitor's room first.
 */
export async function createRoom(
	deps: LivechatDeps,
	{ visitor, source, agent }: { visitor: ILivechatVisitor; source: IOmnichannelSource; agent?: SelectedAgent },
): Promise<IOmnichannelRoom> {
	const { models, settings } = deps;
	if (!settings.get<boolean>('Livechat_enabled')) {
		throw new ApiError('error-omnichannel-is-disabled');
	}
	const association = associationOf(visitor._id, source);
	if (await models.LivechatContacts.isChannelBlocked(association)) {
		throw new ApiError('error-contact-channel-blocked');
	}
	const defaultAgent = await defaultAgentFor(deps, agent);
	await assertAgentsAvailable(deps, { hasDefaultAgent: Boolean(defaultAgent) });

	const status = initialInquiryStatus(settings, defaultAgent);
	const rid = randomId();
	const inquiryId = new ObjectId().toHexString();
	const now = new Date();
	const v = {
		_id: visitor._id,
		username: visitor.username,
		token: visitor.token,
		status: 'online' as const,
		...(visitor.activity?.length && { activity: visitor.activity }),
	};

	const room = await deps.withTransaction(async (session) => {
		const contact = await resolveContactForRoom(deps, visitor, source, session);
		const newRoom = {
			_id: rid,
			t: 'l',
			fname: contact.name,
			msgs: 0,
			usersCount: 1,
			lm: now,
			ts: now,
			cl: false,
			open: true,
			waitingResponse: true,
			verified: contact.verified,
			v,
			contactId: contact._id,
			source,
			...(visitor.department && { departmentId: visitor.department }),
			queuedAt: now,
			priorityWeight: DEFAULT_PRIORITY_WEIGHT,
			estimatedWaitingTimeQueue: DEFAULT_ESTIMATED_WAITING_TIME,
		} as unknown as IOmnichannelRoom;
		if (!(await models.LivechatRooms.insertRoom(newRoom, { session }))) {
			throw new OpenRoomExists();
		}
		await models.LivechatInquiry.insertInquiry(
			{
				_id: inquiryId,
				rid,
				name: contact.name,
				ts: now,
				message: '',
				status,
				v,
				t: 'l',
				source,
				...(visitor.department && { department: visitor.department }),
				priorityWeight: DEFAULT_PRIORITY_WEIGHT,
				estimatedWaitingTimeQueue: DEFAULT_ESTIMATED_WAITING_TIME,
				...(status === 'queued' && { queuedAt: now }),
				...(defaultAgent && { defaultAgent: { agentId: defaultAgent.agentId, username: defaultAgent.username } }),
			} as never,
			{ session },
		);
		const lastChat = { _id: rid, ts: now };
		await models.LivechatVisitors.updateLastChat(visitor._id, lastChat, { session });
		await models.LivechatContacts.updateLastChatById(contact._id, association, lastChat, { session });
		await saveSystemMessage(deps, 'livechat-started', rid, '', { _id: visitor._id, username: visitor.username }, { token: visitor.token }, session);
		return newRoom;
	});

	if (status === 'ready') {
		await delegateInquiry(deps, { _id: inquiryId }, room, defaultAgent);
	}
	return (await models.LivechatRooms.findOneById(rid)) ?? room;
}
