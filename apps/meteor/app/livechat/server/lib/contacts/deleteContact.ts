import { ApiError } from '../../../../../lib/errors/MeteorError';
import type { Deps } from '../../../../lib/server/deps';

import type { LivechatDeps } from '../livechatDeps';
import { assertDeletedNotChanged, versionForIfMatch } from './contactETag';
import { mayRemoveWithOpenRooms, removeVisitorData } from '../visitors/removeGuest';

/**
 * Soft-deletes an enabled contact: it keeps its `_id` but loses its personal
 * data and disappears from get/search. Throws the plain `error-contact-not-found`
 * for an unknown or already deleted contact. Emits `contact.deleted`.
 *
 * With the livechat subsystem (`livechat`), newest Rocket.Chat 7.x rules
 * apply first: a contact with open rooms is refused (`error-contact-has-open-rooms`)
 * unless the workspace collects HTTP header data (the GDPR switch), and every
 * visitor on its channels is removed with its rooms.
 *
 * With `ifMatch` (the `If-Match` header), 412 `error-precondition-failed`
 * when the contact's ETag is not one of the given tags.
 *
 * @example await deleteContact(deps, contactId, livechatDeps);
 */
export async function deleteContact(
	deps: Pick<Deps, 'models' | 'events'>,
	contactId: string,
	livechat?: LivechatDeps,
	{ ifMatch }: { ifMatch?: string } = {},
): Promise<void> {
	const { models, events } = deps;
	const expectedVersion = await versionForIfMatch(deps, contactId, ifMatch);
	const contact = await models.LivechatContacts.findOneEnabledById(contactId, { projection: { _id: 1, channels: 1 } });
	if (!contact) {
		throw new ApiError('error-contact-not-found');
	}
	if (livechat) {
		if (!mayRemoveWithOpenRooms(livechat.settings) && (await livechat.models.LivechatRooms.countOpenByContactId(contactId)) > 0) {
			throw new ApiError('error-contact-has-open-rooms');
		}
		for (const visitorId of new Set((contact.channels ?? []).map(({ visitor }) => visitor.visitorId))) {
			await removeVisitorData(livechat, visitorId);
		}
	}
	if (!(await models.LivechatContacts.disableByContactId(contactId, { expectedVersion }))) {
		// Deleted by a concurrent request between our read and our write (or, with If-Match, written since: 412).
		await assertDeletedNotChanged(deps, contactId, expectedVersion);
		throw new ApiError('error-contact-not-found');
	}
	events.emit('contact.deleted', { contactId });
}
