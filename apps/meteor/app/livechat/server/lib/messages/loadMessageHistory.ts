import type { IMessage } from '@rocket.chat/core-typings';

import type { LivechatDeps } from '../livechatDeps';
import { ApiError } from '../../../../../lib/errors/MeteorError';

const DEFAULT_LIMIT = 20;
/** A visitor cannot make the server read a room's whole history in one call. */
const MAX_LIMIT = 100;

/**
 * `GET livechat/messages.history/:rid`: the visitor's room (open or closed),
 * newest messages first, older than `end` when given.
 *
 * @throws plain `invalid-token`, `invalid-room`
 */
export async function loadMessageHistory(
	{ models }: Pick<LivechatDeps, 'models'>,
	{ token, rid, end, limit, offset }: { token: string; rid: string; end?: Date; limit?: number; offset?: number },
): Promise<IMessage[]> {
	if (!(await models.LivechatVisitors.getVisitorByToken(token, { projection: { _id: 1 } }))) {
		throw new ApiError('error-unknown-visitor-token');
	}
	if (!(await models.LivechatRooms.findOneByIdAndVisitorToken(rid, token, { projection: { _id: 1 } }))) {
		throw new ApiError('invalid-room');
	}
	const size = Math.min(Math.max(limit || DEFAULT_LIMIT, 1), MAX_LIMIT);
	return models.Messages.findRoomHistory(rid, { end, offset: Math.max(offset ?? 0, 0), limit: size }).toArray();
}
