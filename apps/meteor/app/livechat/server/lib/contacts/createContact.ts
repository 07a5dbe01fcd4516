import type { ILivechatContact } from '@rocket.chat/core-typings';

import type { Deps } from '../../../../lib/server/deps';
import { getAllowedCustomFields } from './getAllowedCustomFields';
import { validateContactManager } from './validateContactManager';
import { validateCustomFields } from './validateCustomFields';

export interface CreateContactParams {
	name: string;
	emails?: string[];
	phones?: string[];
	customFields?: Record<string, unknown> | null;
	contactManager?: string | null;
	unknown: boolean;
}

/**
 * Creates a contact that has no channel yet (`preRegistration: true`) and
 * returns its id. Values are stored as received: no normalization, no
 * de-duplication across contacts. Optional keys are written only when set,
 * never as `null`. Emits `contact.created`.
 *
 * @example const contactId = await createContact(deps, { name: 'Ann', emails: ['ann@example.com'], phones: [], unknown: false });
 */
export async function createContact(
	deps: Pick<Deps, 'models' | 'events' | 'clock' | 'visitorCustomFields'>,
	{ name, emails, phones, customFields, contactManager, unknown }: CreateContactParams,
): Promise<string> {
	if (contactManager) {
		await validateContactManager(deps, contactManager);
	}
	const allowedCustomFields = await getAllowedCustomFields(deps);
	const validCustomFields = validateCustomFields(allowedCustomFields, customFields ?? {});

	const contact: Omit<ILivechatContact, '_id' | '_updatedAt'> = {
		createdAt: deps.clock.now(),
		name,
		...(emails && { emails: emails.map((address) => ({ address })) }),
		...(phones && { phones: phones.map((phoneNumber) => ({ phoneNumber })) }),
		...(contactManager && { contactManager }),
		channels: [],
		customFields: validCustomFields,
		unknown,
		preRegistration: true,
	};
	const contactId = await deps.models.LivechatContacts.insertContact(contact);
	deps.events.emit('contact.created', { contact: { ...contact, _id: contactId, _updatedAt: contact.createdAt } });
	return contactId;
}
