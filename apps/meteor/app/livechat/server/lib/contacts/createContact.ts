import type { ContactExternalId } from '@omni/model-typings';
import type { ILivechatContact } from '@rocket.chat/core-typings';

import type { Deps } from '../../../../lib/server/deps';
import { distinctExternalIds, refusingTakenExternalIds } from './externalIdConflict';
import { getAllowedCustomFields } from './getAllowedCustomFields';
import { validateContactManager } from './validateContactManager';
import { validateCustomFields } from './validateCustomFields';

export interface CreateContactParams {
	name: string;
	emails?: string[];
	phones?: string[];
	customFields?: Record<string, unknown> | null;
	contactManager?: string | null;
	/** Not in Rocket.Chat: ids of the contact in other systems, unique among enabled contacts. */
	externalIds?: ContactExternalId[];
	unknown: boolean;
}

/**
 * Creates a contact that has no channel yet (`preRegistration: true`) and
 * returns its id. Values are stored as received: no normalization, no
 * de-duplication across contacts. Optional keys are written only when set,
 * never as `null`. Emits `contact.created`. External ids another enabled
 * contact has are refused (409 `error-external-id-in-use`).
 *
 * @example const contactId = await createContact(deps, { name: 'Ann', emails: ['ann@example.com'], phones: [], unknown: false });
 */
export async function createContact(
	deps: Pick<Deps, 'models' | 'events' | 'clock' | 'visitorCustomFields'>,
	{ name, emails, phones, customFields, contactManager, externalIds, unknown }: CreateContactParams,
): Promise<string> {
	if (contactManager) {
		await validateContactManager(deps, contactManager);
	}
	const allowedCustomFields = await getAllowedCustomFields(deps);
	const validCustomFields = validateCustomFields(allowedCustomFields, customFields ?? {});

	// Built key by key rather than with conditional spreads: this runs on every create, and
	// spreading object literals is a slow, allocating path in V8.
	const createdAt = deps.clock.now();
	// Keys in Rocket.Chat's order (responses list them as stored); the required ones follow below.
	const contact = { createdAt, name } as Omit<ILivechatContact, '_id' | '_updatedAt'> & { externalIds?: ContactExternalId[] };
	if (emails) contact.emails = emails.map((address) => ({ address }));
	if (phones) contact.phones = phones.map((phoneNumber) => ({ phoneNumber }));
	if (contactManager) contact.contactManager = contactManager;
	if (externalIds) contact.externalIds = distinctExternalIds(externalIds);
	contact.channels = [];
	contact.customFields = validCustomFields;
	contact.unknown = unknown;
	contact.preRegistration = true;
	const contactId = await refusingTakenExternalIds(deps.models, externalIds, undefined, () => deps.models.LivechatContacts.insertContact(contact));
	// The model stored its own copy, so this object becomes the event's payload as it is.
	const created = contact as ILivechatContact;
	created._id = contactId;
	created._updatedAt = createdAt;
	deps.events.emit('contact.created', { contact: created });
	return contactId;
}
