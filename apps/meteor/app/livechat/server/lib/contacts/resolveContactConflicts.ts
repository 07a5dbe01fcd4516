import type { ILivechatContact, ILivechatContactConflictingField } from '@rocket.chat/core-typings';
import type { Models } from '@omni/models';

import { omitNullValues, type WithoutNulls } from '../../../../../lib/utils/omitNullValues';
import type { SettingsCache } from '../../../../settings/server/SettingsCache';
import { recordResolvedConflicts } from './recordResolvedConflicts';
import { validateContactManager } from './validateContactManager';

export type ResolveContactConflictsParams = {
	contactId: string;
	name?: string | null;
	contactManager?: string | null;
	customFields?: Record<string, unknown>;
	wipeConflicts?: boolean | null;
};

type SentFields = WithoutNulls<ResolveContactConflictsParams>;

/** The conflicts a request settles: the name, the manager and each custom field it sends. */
function settledFields({ name, contactManager, customFields }: SentFields): Set<string> {
	return new Set([
		...(name !== undefined ? ['name'] : []),
		...(contactManager !== undefined ? ['manager'] : []),
		...Object.keys(customFields ?? {}).map((key) => `customFields.${key}`),
	]);
}

/**
 * Settles a contact's conflicting fields by choosing values: sent fields drop
 * their pending conflicts (or `wipeConflicts` drops them all and counts them
 * as resolved). Custom fields are merged into the stored ones without
 * validation, as Rocket.Chat does. `null` fields count as not sent. Throws
 * the plain `error-contact-not-found` and `error-contact-manager-not-found`.
 *
 * @example await resolveContactConflicts(models, settings, { contactId, name: 'Ann' });
 */
export async function resolveContactConflicts(
	models: Pick<Models, 'LivechatContacts' | 'Users'>,
	settings: Pick<SettingsCache, 'incrementValue'>,
	params: ResolveContactConflictsParams,
): Promise<ILivechatContact | null> {
	const sent = omitNullValues(params);
	const { name, contactManager, customFields, wipeConflicts } = sent;
	const contact = await models.LivechatContacts.findOneById(params.contactId, { projection: { _id: 1, customFields: 1, conflictingFields: 1 } });
	if (!contact) {
		throw new Error('error-contact-not-found');
	}
	if (contactManager) {
		await validateContactManager(models.Users, contactManager);
	}

	let conflictingFields: ILivechatContactConflictingField[] = [];
	if (wipeConflicts) {
		await recordResolvedConflicts(settings, contact);
	} else {
		const settled = settledFields(sent);
		conflictingFields = (contact.conflictingFields ?? []).filter(({ field }) => !settled.has(field));
	}

	return models.LivechatContacts.updateContact(contact._id, {
		...(name && { name }),
		...(contactManager && { contactManager }),
		...(customFields && { customFields: { ...contact.customFields, ...customFields } }),
		conflictingFields,
	});
}
