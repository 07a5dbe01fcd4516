import { ApiError } from '../../../../../lib/errors/MeteorError';
import type { LivechatDeps } from '../livechatDeps';

/** Deletes every room of a visitor with its messages, subscriptions and inquiries, then disables the visitor. */
export async function removeVisitorData(deps: LivechatDeps, visitorId: string): Promise<boolean> {
	const { models } = deps;
	const rids = (await models.LivechatRooms.findIdsByVisitorId(visitorId).toArray()).map(({ _id }) => _id);
	return deps.withTransaction(async (session) => {
		if (rids.length) {
			await models.Messages.removeByRoomIds(rids, { session });
			await models.Subscriptions.removeByRoomIds(rids, { session });
			await models.LivechatInquiry.removeByRoomIds(rids, { session });
			await models.LivechatRooms.removeByIds(rids, { session });
		}
		return models.LivechatVisitors.disableById(visitorId, { session });
	});
}

/** Open rooms stop a visitor's removal unless the workspace collects HTTP header data (Rocket.Chat's GDPR switch). */
export function mayRemoveWithOpenRooms(settings: LivechatDeps['settings']): boolean {
	return settings.get<boolean>('Livechat_Allow_collect_and_store_HTTP_header_informations') === true;
}

/**
 * `DELETE livechat/visitor/:token`: the visitor and all its rooms (open and
 * closed) go; its contacts keep their channels and history shrinks.
 *
 * @throws `[invalid-token]`, `Cannot remove visitors with opened rooms [visitor-has-open-rooms]`,
 *   `An error ocurred while deleting visitor [error-removing-visitor]`
 */
export async function removeGuest(deps: LivechatDeps, token: string): Promise<{ _id: string; ts: string }> {
	const visitor = await deps.models.LivechatVisitors.getVisitorByToken(token, { projection: { _id: 1 } });
	if (!visitor) {
		throw new ApiError('invalid-token');
	}
	if (!mayRemoveWithOpenRooms(deps.settings) && (await deps.models.LivechatRooms.countOpenByVisitorId(visitor._id)) > 0) {
		throw new ApiError('visitor-has-open-rooms');
	}
	if (!(await removeVisitorData(deps, visitor._id))) {
		throw new ApiError('error-removing-visitor');
	}
	return { _id: visitor._id, ts: new Date().toISOString() };
}
