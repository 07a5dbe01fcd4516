import type { ILivechatContact } from '@rocket.chat/core-typings';
import type { Models } from '@omni/models';

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
 * never as `null`.
 */
export async function createContact(
	models: Pick<Models, 'Users' | 'LivechatCustomField' | 'LivechatContacts'>,
	{ name, emails, phones, customFields, contactManager, unknown }: CreateContactParams,
): Promise<string> {
	if (contactManager) {
		await validateContactManager(models.Users, contactManager);
	}
	const allowedCustomFields = await getAllowedCustomFields(models.LivechatCustomField);
	const validCustomFields = validateCustomFields(allowedCustomFields, customFields ?? {});

	const contact: Omit<ILivechatContact, '_id' | '_updatedAt'> = {
		createdAt: new Date(),
		name,
		...(emails && { emails: emails.map((address) => ({ address })) }),
		...(phones && { phones: phones.map((phoneNumber) => ({ phoneNumber })) }),
		...(contactManager && { contactManager }),
		channels: [],
		customFields: validCustomFields,
		unknown,
		preRegistration: true,
	};
	const { insertedId } = await models.LivechatContacts.insertOne(contact);
	return insertedId;
}
