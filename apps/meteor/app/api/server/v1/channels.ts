import { MeteorError } from '../../../../lib/errors/MeteorError';
import { API } from '../api';

/**
 * `channels.info`, for the rooms this server has: livechat rooms (which
 * Rocket.Chat's tests read through it). Anything else is not a channel here.
 */
API.v1.addRoute(
	'channels.info',
	{ authRequired: true },
	{
		async get() {
			const { roomId, roomName } = this.queryParams;
			if (typeof roomId !== 'string' && typeof roomName !== 'string') {
				throw new MeteorError('error-roomid-param-not-provided', 'The parameter "roomId" or "roomName" is required');
			}
			const room = typeof roomId === 'string' ? await this.deps.models.LivechatRooms.findOneLivechatById(roomId) : null;
			if (!room) {
				throw new MeteorError('error-room-not-found', 'The required "roomId" or "roomName" param provided does not match any channel');
			}
			if (!(await this.deps.authorization.hasAllPermission(this.user, ['view-l-room']))) {
				return API.v1.forbidden();
			}
			return API.v1.success({ channel: room });
		},
	},
);
