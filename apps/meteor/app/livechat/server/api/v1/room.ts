import type { IOmnichannelSource } from '@rocket.chat/core-typings';
import { isPOSTLivechatRoomCloseByUserParams, isPOSTLivechatRoomCloseParams } from '@rocket.chat/rest-typings';

import { API } from '../../../../api/server/api';
import type { ActionContext } from '../../../../api/server/definition';
import { checkStringKeys } from '../../../../api/server/matchCheck';
import { closeRoom } from '../../lib/rooms/closeRoom';
import { getRoom } from '../../lib/rooms/getRoom';
import { livechatDeps } from '../livechatDeps';
import { ApiError } from '../../../../../lib/errors/MeteorError';

/** What the visitor says: the widget's cookies, else a plain API client. */
function roomSource(ctx: Pick<ActionContext, 'headers'>): IOmnichannelSource {
	const cookies = String(ctx.headers.cookie ?? '');
	const has = (name: string, value: string) => cookies.split(';').some((part) => part.trim() === `${name}=${value}`);
	if (has('rc_room_type', 'l') && has('rc_is_widget', 't')) {
		const host = ctx.headers.host;
		return { type: 'widget', ...(typeof host === 'string' && { destination: host.slice(0, 1024) }) } as IOmnichannelSource;
	}
	return { type: 'api' } as IOmnichannelSource;
}

API.v1.addRoute(
	'livechat/room',
	{ rateLimiterOptions: { numRequestsAllowed: 5, intervalTimeInMS: 60000 } },
	{
		async get() {
			// Rocket.Chat still checks this query with Meteor's check(): Match errors, no errorType.
			checkStringKeys(this.queryParams, { token: {}, rid: { optional: true }, agentId: { optional: true } });
			const { token, rid, agentId } = this.queryParams;
			const result = await getRoom(livechatDeps(this), { token, rid: rid || undefined, agentId: agentId || undefined, source: roomSource(this) });
			return API.v1.success(result);
		},
	},
);

API.v1.addRoute(
	'livechat/room.close',
	{ validateParams: isPOSTLivechatRoomCloseParams },
	{
		async post() {
			const { token, rid } = this.bodyParams;
			if (!this.deps.settings.get<boolean>('Omnichannel_allow_visitors_to_close_conversation')) {
				throw new ApiError('error-not-allowed-to-close-conversation');
			}
			const visitor = await this.deps.models.LivechatVisitors.getVisitorByToken(token, { projection: { _id: 1, username: 1 } });
			if (!visitor) {
				throw new ApiError('error-unknown-visitor-token');
			}
			const room = await this.deps.models.LivechatRooms.findOneByIdAndVisitorToken(rid, token, { projection: { _id: 1, open: 1 } });
			if (!room) {
				throw new ApiError('invalid-room');
			}
			if (!room.open) {
				throw new ApiError('room-closed');
			}
			const comment = 'Closed by visitor';
			await closeRoom(livechatDeps(this), {
				rid,
				comment,
				closer: { type: 'visitor', _id: visitor._id, username: visitor.username, token },
				skipCommentCheck: true,
			});
			return API.v1.success({ rid, comment });
		},
	},
);

API.v1.addRoute(
	'livechat/room.closeByUser',
	{ authRequired: true, permissionsRequired: ['close-livechat-room'], validateParams: isPOSTLivechatRoomCloseByUserParams },
	{
		async post() {
			const { rid, comment, tags, forceClose } = this.bodyParams;
			const user = this.user;
			const room = await this.deps.models.LivechatRooms.findOneLivechatById(rid, { projection: { _id: 1, open: 1 } });
			if (!room) {
				throw new ApiError('error-invalid-room');
			}
			const subscribed = await this.deps.models.Subscriptions.findOneByRoomIdAndUserId(rid, user._id, { projection: { _id: 1 } });
			if (!subscribed && !(await this.deps.authorization.hasAllPermission(user, ['close-others-livechat-room']))) {
				throw new ApiError('error-not-authorized');
			}
			const force = forceClose === true && this.deps.settings.get<boolean>('Omnichannel_allow_force_close_conversations') === true;
			if (!room.open && !force) {
				throw new ApiError('error-room-already-closed');
			}
			await closeRoom(livechatDeps(this), {
				rid,
				comment: comment ?? undefined,
				tags: tags ?? undefined,
				forceClose: force,
				closer: { type: 'user', _id: user._id, username: user.username ?? '' },
			});
			return API.v1.success();
		},
	},
);
