import type { IOmnichannelRoom } from '@rocket.chat/core-typings';
import { makeFunction } from '@omni/patch-injection';

import { ApiError } from '../../../../../lib/errors/MeteorError';
import type { Deps } from '../../../../lib/server/deps';

/** The room fields a history entry carries. */
const HISTORY_PROJECTION = Object.fromEntries(
	['_id', 'fname', 'ts', 'v', 'msgs', 'servedBy', 'closedAt', 'closedBy', 'closer', 'tags', 'source', 'lastMessage', 'verified'].map((field) => [
		field,
		1,
	]),
);

export type ContactHistoryParams = {
	contactId: string;
	/** The room source type to keep; only Enterprise filters by it (community ignores it, as Rocket.Chat CE does). */
	source?: string;
	offset: number;
	count: number;
	sort?: Record<string, 1 | -1>;
};

export type ContactHistory = { history: Partial<IOmnichannelRoom>[]; count: number; offset: number; total: number };

/**
 * One page of the contact's closed livechat conversations, of one source type
 * when `sourceType` is given. Throws the plain `error-contact-not-found`.
 */
export async function findContactHistory(
	{ models }: Pick<Deps, 'models'>,
	{ contactId, sourceType, offset, count, sort }: Omit<ContactHistoryParams, 'source'> & { sourceType?: string },
): Promise<ContactHistory> {
	const contact = await models.LivechatContacts.findOneById(contactId, { projection: { _id: 1 } });
	if (!contact) {
		throw new ApiError('error-contact-not-found');
	}
	const { cursor, totalCount } = models.Rooms.findClosedRoomsByContactId(contactId, {
		offset,
		count,
		sort: sort ?? { closedAt: -1 },
		projection: HISTORY_PROJECTION,
		sourceType,
	});
	const [history, total] = await Promise.all([cursor.toArray(), totalCount]);
	return { history, count: history.length, offset, total };
}

/**
 * `contacts.history`: one page of the contact's closed livechat conversations,
 * newest closed first by default; `count` is the number of entries returned.
 * Community ignores `source`; Enterprise patches this function to filter by it
 * (`ee/server/patches/getContactHistory.ts`).
 *
 * @example await getContactHistory(deps, { contactId, offset: 0, count: 50 });
 */
export const getContactHistory = makeFunction(
	(deps: Pick<Deps, 'models' | 'license'>, { source: _ignoredInCommunity, ...page }: ContactHistoryParams): Promise<ContactHistory> =>
		findContactHistory(deps, page),
);
