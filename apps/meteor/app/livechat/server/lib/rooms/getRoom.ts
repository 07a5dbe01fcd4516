import type { IOmnichannelRoom, IOmnichannelSource } from '@rocket.chat/core-typings';

import { KeyedMutex } from '../../../../../lib/utils/KeyedMutex';
import type { LivechatDeps } from '../livechatDeps';
import type { SelectedAgent } from '../routing/routeNewInquiry';
import { createRoom, OpenRoomExists } from './createRoom';
import { ApiError } from '../../../../../lib/errors/MeteorError';

/** Room requests of one visitor run one at a time in this process, so they cannot race into two rooms. */
const roomRequests = new KeyedMutex();

export type GetRoomParams = { token: string; rid?: string; agentId?: string; source: IOmnichannelSource };

/**
 * `GET livechat/room`: the visitor's open room (by `rid` when given), or a
 * new one. A closed or foreign room is never reopened.
 *
 * @throws plain `invalid-token`, `invalid-room`, and `createRoom`'s errors
 */
export async function getRoom(deps: LivechatDeps, { token, rid, agentId, source }: GetRoomParams): Promise<{ room: IOmnichannelRoom; newRoom: boolean }> {
	const { models } = deps;
	const visitor = await models.LivechatVisitors.getVisitorByToken(token);
	if (!visitor) {
		throw new ApiError('error-unknown-visitor-token');
	}
	if (rid) {
		const room = await models.LivechatRooms.findOneOpenByRoomIdAndVisitorToken(rid, token);
		if (!room) {
			throw new ApiError('invalid-room');
		}
		return { room, newRoom: false };
	}
	return roomRequests.run(token, async () => {
		const open = await models.LivechatRooms.findOneOpenByVisitorToken(token);
		if (open) {
			return { room: open, newRoom: false };
		}
		const agent = agentId ? await selectedAgent(deps, agentId) : undefined;
		try {
			return { room: await createRoom(deps, { visitor, source, agent }), newRoom: true };
		} catch (error) {
			// Another server instance opened the room between our check and our insert.
			const existing = error instanceof OpenRoomExists && (await models.LivechatRooms.findOneOpenByVisitorToken(token));
			if (existing) {
				return { room: existing, newRoom: false };
			}
			throw error;
		}
	});
}

async function selectedAgent({ models }: LivechatDeps, agentId: string): Promise<SelectedAgent | undefined> {
	const user = await models.Users.findOneById(agentId, { projection: { _id: 1, username: 1 } });
	return user?.username ? { agentId: user._id, username: user.username } : undefined;
}
