import { ApiError } from '@omni/meteor/api';
import { closeRoom, type LivechatDeps } from '@omni/meteor/livechat';

import type { ContactChannelAssociation } from './contactChannelAssociation';

/** Rocket.Chat's English `close-blocked-room-comment`. */
export const BLOCKED_ROOM_COMMENT = 'This channel has been blocked';

/** Error codes meaning another request closed the room first: the channel has no open room either way. */
const ALREADY_CLOSED = new Set(['error-room-closed', 'error-room-cannot-be-closed-try-again']);

/**
 * Closes the open room of a just-blocked channel (Rocket.Chat EE's
 * `closeBlockedRoom`) as the blocking user, with the blocked-channel comment
 * and without the comment or subscription checks of `room.closeByUser`.
 *
 * @throws plain `error-visitor-not-found` when the channel's visitor is gone
 * @example await closeBlockedRoom(deps, { visitorId, source: { type: 'api' } }, { _id: user._id, username: user.username });
 */
export async function closeBlockedRoom(deps: LivechatDeps, association: ContactChannelAssociation, user: { _id: string; username: string }): Promise<void> {
	const { models } = deps;
	const visitor = await models.LivechatVisitors.findOneById(association.visitorId, { projection: { _id: 1 } });
	if (!visitor) {
		throw new ApiError('error-visitor-not-found');
	}
	const room = await models.LivechatRooms.findOneOpenByAssociation(association, { projection: { _id: 1 } });
	if (!room) {
		return;
	}
	try {
		await closeRoom(deps, { rid: room._id, closer: { type: 'user', ...user }, comment: BLOCKED_ROOM_COMMENT, skipCommentCheck: true });
	} catch (err) {
		if (!(err instanceof ApiError && ALREADY_CLOSED.has(err.error))) {
			throw err;
		}
	}
}
