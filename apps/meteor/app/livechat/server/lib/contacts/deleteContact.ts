import type { Deps } from '../../../../lib/server/deps';

/**
 * Soft-deletes an enabled contact: it keeps its `_id` but loses its personal
 * data and disappears from get/search. Throws the plain `error-contact-not-found`
 * for an unknown or already deleted contact. Emits `contact.deleted`.
 *
 * There is no visitor subsystem yet, so no channel visitors to remove and no
 * open rooms to refuse the deletion for.
 *
 * @example await deleteContact(deps, contactId);
 */
export async function deleteContact({ models, events }: Pick<Deps, 'models' | 'events'>, contactId: string): Promise<void> {
	const contact = await models.LivechatContacts.findOneEnabledById(contactId, { projection: { _id: 1 } });
	if (!contact) {
		throw new Error('error-contact-not-found');
	}
	await models.LivechatContacts.disableByContactId(contactId);
	events.emit('contact.deleted', { contactId });
}
