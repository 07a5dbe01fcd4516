import type { IOmnichannelRoom } from '@rocket.chat/core-typings';
import type { Models } from '@omni/models';

/** The room fields a history entry carries. */
const HISTORY_PROJECTION = Object.fromEntries(
	['_id', 'fname', 'ts', 'v', 'msgs', 'servedBy', 'closedAt', 'closedBy', 'closer', 'tags', 'source', 'lastMessage', 'verified'].map((field) => [
		field,
		1,
	]),
);

export type ContactHistoryPage = { offset: number; count: number; sort?: Record<string, 1 | -1> };

export type ContactHistory = { history: Partial<IOmnichannelRoom>[]; count: number; offset: number; total: number };

/**
 * One page of the contact's closed livechat conversations, newest closed
 * first by default. `count` is the number of entries returned. Filtering by
 * source is an Enterprise feature, so CE takes no source here.
 *
 * @example await getContactHistory(models, contactId, { offset: 0, count: 50 });
 */
export async function getContactHistory(
	models: Pick<Models, 'LivechatContacts' | 'Rooms'>,
	contactId: string,
	{ offset, count, sort }: ContactHistoryPage,
): Promise<ContactHistory> {
	const contact = await models.LivechatContacts.findOneById(contactId, { projection: { _id: 1 } });
	if (!contact) {
		throw new Error('error-contact-not-found');
	}
	const { cursor, totalCount } = models.Rooms.findClosedRoomsByContactId(contactId, {
		offset,
		count,
		sort: sort ?? { closedAt: -1 },
		projection: HISTORY_PROJECTION,
	});
	const [history, total] = await Promise.all([cursor.toArray(), totalCount]);
	return { history, count: history.length, offset, total };
}
