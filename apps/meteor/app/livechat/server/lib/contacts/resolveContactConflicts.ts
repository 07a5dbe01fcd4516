import type { ILivechatContact, ILivechatContactConflictingField } from '@rocket.chat/core-typings';

import { omitNullValues, type WithoutNulls } from '../../../../../lib/utils/omitNullValues';
import { ApiError } from '../../../../../lib/errors/MeteorError';
import type { Deps } from '../../../../lib/server/deps';
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
 * validation, as Rocket.Chat does. `null` fields count as not sent. A deleted
 * contact is a missing one, and a contact without conflicts is left as it is.
 * Throws the plain `error-contact-not-found`, `error-contact-has-no-conflicts`
 * and `error-contact-manager-not-found`. Emits `contact.updated`.
 *
 * @example await resolveContactConflicts(deps, { contactId, name: 'Ann' });
 */
export async function resolveContactConflicts(
	deps: Pick<Deps, 'models' | 'settings' | 'events'>,
	params: ResolveContactConflictsParams,
): Promise<ILivechatContact> {
	const sent = omitNullValues(params);
	const { name, contactManager, customFields, wipeConflicts } = sent;
	const { models } = deps;
	const contact = await models.LivechatContacts.findOneEnabledById(params.contactId, { projection: { _id: 1, customFields: 1, conflictingFields: 1 } });
	if (!contact) {
		throw new ApiError('error-contact-not-found');
	}
	if (!contact.conflictingFields?.length) {
		throw new ApiError('error-contact-has-no-conflicts');
	}
	if (contactManager) {
		await validateContactManager(deps, contactManager);
	}

	const settled = settledFields(sent);
	const conflictingFields: ILivechatContactConflictingField[] = wipeConflicts
		? []
		: contact.conflictingFields.filter(({ field }) => !settled.has(field));
	const fields: Partial<ILivechatContact> = {
		...(name && { name }),
		...(contactManager && { contactManager }),
		...(customFields && { customFields: { ...contact.customFields, ...customFields } }),
		conflictingFields,
	};
	const updated = await models.LivechatContacts.updateContact(contact._id, fields);
	if (!updated) {
		// Deleted between our read and our write: nothing was written.
		throw new ApiError('error-contact-not-found');
	}
	if (wipeConflicts) {
		await recordResolvedConflicts(deps, contact);
	}
	deps.events.emit('contact.updated', { contact: updated, fields: [...Object.keys(fields), 'unknown'] });
	return updated;
}
