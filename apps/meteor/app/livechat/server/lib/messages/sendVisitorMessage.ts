import type { IMessage } from '@rocket.chat/core-typings';

import { ApiError } from '../../../../../lib/errors/MeteorError';
import { randomId } from '../../../../../lib/random';
import { associationOf } from '../contacts/resolveContactForRoom';
import type { LivechatDeps } from '../livechatDeps';

export type VisitorMessageParams = { token: string; rid: string; msg: string; _id?: string };

/**
 * `POST livechat/message`: stores a visitor's message in its open room, in
 * one transaction with the room's counters and last message, the queued
 * inquiry's preview and the agents' unread counts.
 *
 * @throws plain `invalid-token`, `invalid-room`, `room-closed`, `message-length-exceeds-character-limit`,
 *   `error-contact-channel-blocked`; `[error-message-size-exceeded]` past `Message_MaxAllowedSize`
 */
export async function sendVisitorMessage(deps: LivechatDeps, { token, rid, msg, _id }: VisitorMessageParams): Promise<IMessage> {
	const { models, settings } = deps;
	const visitor = await models.LivechatVisitors.getVisitorByToken(token, { projection: { _id: 1, username: 1, name: 1, token: 1 } });
	if (!visitor) {
		throw new ApiError('error-unknown-visitor-token');
	}
	const room = await models.LivechatRooms.findOneByIdAndVisitorToken(rid, token, { projection: { _id: 1, open: 1, source: 1 } });
	if (!room) {
		throw new ApiError('invalid-room');
	}
	if (!room.open) {
		throw new ApiError('room-closed');
	}
	const characterLimit = settings.get<number>('Livechat_message_character_limit');
	if (settings.get<boolean>('Livechat_enable_message_character_limit') && characterLimit > 0 && msg.length > characterLimit) {
		throw new ApiError('message-length-exceeds-character-limit');
	}
	const maxSize = settings.get<number>('Message_MaxAllowedSize');
	if (maxSize > 0 && msg.length > maxSize) {
		throw new ApiError('error-message-size-exceeded');
	}
	if (await models.LivechatContacts.isChannelBlocked(associationOf(visitor._id, room.source))) {
		throw new ApiError('error-contact-channel-blocked');
	}

	const message = {
		_id: _id || randomId(),
		rid,
		msg,
		token,
		alias: visitor.name || visitor.username,
		ts: new Date(),
		u: { _id: visitor._id, username: visitor.username, ...(visitor.name && { name: visitor.name }) },
	};
	await deps.withTransaction(async (session) => {
		await models.Messages.insertMessage(message as never, { session });
		await models.LivechatRooms.recordMessage(rid, message, { asLastMessage: true, visitorMessage: true }, { session });
		await models.LivechatInquiry.setLastMessageIfQueued(rid, message, { session });
		await models.Subscriptions.incUnreadByRoomId(rid, { session });
	});
	const stored = await models.Messages.findOneById(message._id);
	if (!stored) {
		throw new ApiError('error-bad-request-empty');
	}
	return stored;
}
