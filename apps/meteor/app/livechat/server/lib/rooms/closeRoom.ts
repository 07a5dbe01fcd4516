import type { IOmnichannelRoom } from '@rocket.chat/core-typings';

import type { LivechatDeps } from '../livechatDeps';
import { saveSystemMessage } from '../messages/saveSystemMessage';
import { ApiError } from '../../../../../lib/errors/MeteorError';

export type Closer = { type: 'user' | 'visitor'; _id: string; username: string; token?: string };

export type CloseRoomParams = {
	rid: string;
	closer: Closer;
	comment?: string;
	tags?: string[];
	/** `room.closeByUser` with `forceClose` while force closing is allowed. */
	forceClose?: boolean;
	/** Block/unblock closes without asking for a comment. */
	skipCommentCheck?: boolean;
};

/**
 * Closes a livechat room (Rocket.Chat's `closeRoom`), as one transaction:
 * the room gets `closedAt`, `closedBy`, `closer`, metrics and tags and loses
 * `open`; its inquiry and subscriptions are deleted; a `livechat-close`
 * message carrying the comment becomes the last message. Of concurrent
 * closes exactly one wins. The contact is not touched.
 *
 * @throws plain `error-room-closed`, `error-comment-is-required`, `error-room-cannot-be-closed-try-again`
 */
export async function closeRoom(deps: LivechatDeps, { rid, closer, comment, tags, forceClose, skipCommentCheck }: CloseRoomParams): Promise<IOmnichannelRoom> {
	const { models, settings } = deps;
	const room = await models.LivechatRooms.findOneLivechatById(rid);
	if (!room || (!room.open && !forceClose)) {
		throw new ApiError('error-room-closed');
	}
	if (!skipCommentCheck && settings.get<boolean>('Livechat_request_comment_when_closing_conversation') && !comment?.trim()) {
		throw new ApiError('error-comment-is-required');
	}
	const now = new Date();
	const allTags = [...new Set([...(tags ?? []), ...(room.tags ?? [])])];
	const seconds = (since: Date) => Math.round((now.getTime() - new Date(since).getTime()) / 1000);

	return deps.withTransaction(async (session) => {
		const closed = await models.LivechatRooms.closeOpenRoom(
			rid,
			{
				closedAt: now,
				closedBy: { _id: closer._id, username: closer.username },
				closer: closer.type,
				chatDuration: seconds(room.ts),
				...(room.servedBy && { serviceTimeDuration: seconds(room.servedBy.ts) }),
				...(allTags.length && { tags: allTags }),
			},
			{ session },
		);
		if (!closed) {
			if (!forceClose) {
				throw new ApiError('error-room-cannot-be-closed-try-again');
			}
		}
		await models.LivechatInquiry.removeByRoomId(rid, { session });
		await models.Subscriptions.removeByRoomId(rid, { session });
		await saveSystemMessage(
			deps,
			'livechat-close',
			rid,
			comment ?? '',
			{ _id: closer._id, username: closer.username },
			{ transcriptRequested: false, ...(closer.type === 'visitor' && closer.token && { token: closer.token }) },
			session,
		);
		return closed ?? room;
	});
}
