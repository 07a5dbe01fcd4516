import { ApiError } from '../../../../../lib/errors/MeteorError';
import type { Deps } from '../../../../lib/server/deps';

import type { LivechatDeps } from '../livechatDeps';
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
 * @example await deleteContact(deps, contactId, livechatDeps);
 */
export async function deleteContact({ models, events }: Pick<Deps, 'models' | 'events'>, contactId: string, livechat?: LivechatDeps): Promise<void> {
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
	if (!(await models.LivechatContacts.disableByContactId(contactId))) {
		// Deleted by a concurrent request between our read and our write.
		throw new ApiError('error-contact-not-found');
	}
	events.emit('contact.deleted', { contactId });
}
