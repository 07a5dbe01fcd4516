import type { ContactExternalId, Models } from '@omni/model-typings';
import type { ILivechatContact } from '@rocket.chat/core-typings';
import type { ClientSession } from 'mongodb';

import { omitNullValues } from '../../../../../lib/utils/omitNullValues';
import { ApiError } from '../../../../../lib/errors/MeteorError';
import type { Deps } from '../../../../lib/server/deps';
import { assertDeletedNotChanged, versionForIfMatch } from './contactETag';
import { distinctExternalIds, refusingTakenExternalIds } from './externalIdConflict';
import { type AllowedCustomField, getAllowedCustomFields } from './getAllowedCustomFields';
import { recordResolvedConflicts } from './recordResolvedConflicts';
import { validateContactManager } from './validateContactManager';
import { validateCustomFields } from './validateCustomFields';

export type UpdateContactParams = {
	contactId: string;
	name?: string | null;
	emails?: string[] | null;
	phones?: string[] | null;
	customFields?: Record<string, unknown> | null;
	contactManager?: string | null;
	wipeConflicts?: boolean | null;
	/** Not in Rocket.Chat: replaces the contact's external ids. */
	externalIds?: ContactExternalId[] | null;
};

/**
 * The custom fields to store. Keys on the contact that the workspace no longer
 * allows ("legacy" keys) stay as stored and cannot be changed, but may be
 * sent; any other unknown key fails.
 */
export async function customFieldsToStore(
	deps: Pick<Deps, 'visitorCustomFields'>,
	storedCustomFields: Record<string, unknown>,
	receivedCustomFields: Record<string, unknown>,
): Promise<Record<string, string>> {
	const allowedFields = await getAllowedCustomFields(deps);
	const allowedIds = new Set(allowedFields.map(({ _id }) => _id));
	const legacyFields: AllowedCustomField[] = Object.keys(storedCustomFields)
		.filter((key) => !allowedIds.has(key))
		.map((key) => ({ _id: key, label: key }));
	if (!legacyFields.length) {
		return validateCustomFields(allowedFields, receivedCustomFields);
	}

	const validated = validateCustomFields(allowedFields, receivedCustomFields, { ignoreAdditionalFields: true });
	validateCustomFields([...allowedFields, ...legacyFields], receivedCustomFields);
	for (const { _id } of legacyFields) {
		validated[_id] = storedCustomFields[_id] as string;
	}
	return validated;
}

/** A contact's name is copied to its rooms (by contact) and to their subscriptions and inquiries (by visitor). */
export async function propagateContactName(
	models: Pick<Models, 'Rooms' | 'Subscriptions' | 'LivechatInquiry'>,
	contactId: string,
	visitorIds: string[],
	name: string,
	session?: ClientSession,
): Promise<void> {
	await models.Rooms.updateContactNameByContactId(contactId, name, { session });
	if (visitorIds.length) {
		await models.Subscriptions.updateNameAndFnameByVisitorIds(visitorIds, name, { session });
		await models.LivechatInquiry.updateNameByVisitorIds(visitorIds, name, { session });
	}
}

/**
 * Partially updates an enabled contact and returns it as stored afterwards.
 * `null` fields count as not sent; `""` and `[]` are written. `customFields`,
 * when sent, replaces the stored ones after validation. The contact always
 * becomes known (`unknown: false`). `wipeConflicts` clears its conflicts and
 * counts them as resolved. A new non-empty name is copied to the contact's
 * livechat rooms (`fname`), their subscriptions and inquiries.
 *
 * With `ifMatch` (the `If-Match` header) the write happens only if the
 * contact's ETag is still one of the given tags, else 412 `error-precondition-failed`.
 *
 * Emits `contact.updated` with the fields written. Throws the plain errors
 * `error-contact-not-found`, `error-contact-manager-not-found` and the
 * custom-field texts.
 *
 * @example await updateContact(deps, { contactId, name: 'Ann', emails: ['ann@example.com'] });
 */
export async function updateContact(
	deps: Pick<Deps, 'models' | 'settings' | 'events' | 'visitorCustomFields'>,
	params: UpdateContactParams,
	{ ifMatch }: { ifMatch?: string } = {},
): Promise<ILivechatContact> {
	const { name, emails, phones, customFields: receivedCustomFields, contactManager, wipeConflicts, externalIds } = omitNullValues(params);
	const { models } = deps;
	const expectedVersion = await versionForIfMatch(deps, params.contactId, ifMatch);
	const contact = await models.LivechatContacts.findOneEnabledById(params.contactId, {
		projection: { _id: 1, name: 1, customFields: 1, conflictingFields: 1, channels: 1 },
	});
	if (!contact) {
		throw new ApiError('error-contact-not-found');
	}
	if (contactManager) {
		await validateContactManager(deps, contactManager);
	}
	const customFields = receivedCustomFields && (await customFieldsToStore(deps, contact.customFields ?? {}, receivedCustomFields));

	const fields: Partial<ILivechatContact> = {
		...(name !== undefined && { name }),
		...(emails && { emails: emails.map((address) => ({ address })) }),
		...(phones && { phones: phones.map((phoneNumber) => ({ phoneNumber })) }),
		...(contactManager && { contactManager }),
		...(customFields && { customFields }),
		...(wipeConflicts && { conflictingFields: [] }),
		...(externalIds && { externalIds: distinctExternalIds(externalIds) }),
	};
	const updated = await refusingTakenExternalIds(models, externalIds, contact._id, () => models.LivechatContacts.updateContact(contact._id, fields, { expectedVersion }));
	if (!updated) {
		await assertDeletedNotChanged(deps, contact._id, expectedVersion);
		// Deleted between our read and our write: the model wrote nothing, and the caller hears what a later call would.
		throw new ApiError('error-contact-not-found');
	}
	if (wipeConflicts) {
		await recordResolvedConflicts(deps, contact);
	}

	// Rocket.Chat fails on a differing empty name after writing the contact; the copies simply keep their name here.
	if (name && name !== contact.name) {
		await propagateContactName(models, contact._id, (contact.channels ?? []).map(({ visitor }) => visitor.visitorId), name);
	}
	deps.events.emit('contact.updated', { contact: updated, fields: [...Object.keys(fields), 'unknown'] });
	return updated;
}
