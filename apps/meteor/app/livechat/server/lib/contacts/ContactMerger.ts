import type { ILivechatContact, ILivechatContactChannel, ILivechatContactConflictingField, ILivechatVisitor } from '@rocket.chat/core-typings';
import type { ClientSession } from 'mongodb';

import type { LivechatDeps } from '../livechatDeps';
import { allowedCustomFieldsOf } from './filterCustomFields';

export type MergeMode = 'overwrite' | 'conflict';

/** What a visitor brings to a contact. */
export type VisitorFields = {
	names: string[];
	usernames: string[];
	managerIds: string[];
	emails: string[];
	phones: string[];
	customFields: Record<string, string>;
	channel?: ILivechatContactChannel;
};

export type ContactMerge = {
	set: Record<string, unknown>;
	addToSet: {
		channels?: ILivechatContactChannel[];
		emails?: { address: string }[];
		phones?: { phoneNumber: string }[];
		conflictingFields?: ILivechatContactConflictingField[];
	};
	/** The contact's name once the merge is applied. */
	name: string | undefined;
};

type MergeableContact = Pick<ILivechatContact, 'name' | 'contactManager' | 'emails' | 'phones' | 'customFields' | 'channels' | 'conflictingFields'>;

function sameAssociation(a: ILivechatContactChannel, b: ILivechatContactChannel): boolean {
	return a.visitor.visitorId === b.visitor.visitorId && a.visitor.source.type === b.visitor.source.type && a.visitor.source.id === b.visitor.source.id;
}

/**
 * A single-valued field (name, manager): values equal to the stored one or
 * already in conflict are ignored; the first new value is set when the
 * contact lacks one (or in overwrite mode); the others become conflicts,
 * except in overwrite mode, which never records any.
 */
function mergeSingleValue(
	field: 'name' | 'manager',
	stored: string | undefined,
	candidates: string[],
	mode: MergeMode,
	knownConflicts: Set<string>,
): { value?: string; conflicts: ILivechatContactConflictingField[] } {
	const fresh = [...new Set(candidates)].filter((value) => value && value !== stored && !knownConflicts.has(`${field}\u0000${value}`));
	if (!fresh.length) {
		return { conflicts: [] };
	}
	if (!stored || mode === 'overwrite') {
		const [value, ...rest] = fresh;
		return { value, conflicts: mode === 'conflict' ? rest.map((other) => ({ field, value: other })) : [] };
	}
	return { conflicts: fresh.map((value) => ({ field, value })) };
}

/**
 * Rocket.Chat's `ContactMerger`: computes how a visitor's data merges into a
 * contact. Emails, phones and the channel are added as sets (a new channel
 * ends the pre-registration); name and manager follow `mergeSingleValue`; a
 * custom field is set when the contact lacks it (or in overwrite mode) and
 * otherwise dropped. A username only stands in for a missing name.
 *
 * @example planContactMerge(contact, fields, 'conflict') // { set: {...}, addToSet: {...}, name }
 */
function planContactMerge(contact: MergeableContact, fields: VisitorFields, mode: MergeMode): ContactMerge {
	const knownConflicts = new Set((contact.conflictingFields ?? []).map(({ field, value }) => `${field}\u0000${value}`));
	const set: Record<string, unknown> = {};
	const conflicts: ILivechatContactConflictingField[] = [];

	const nameCandidates = fields.names.length || contact.name ? fields.names : fields.usernames;
	const name = mergeSingleValue('name', contact.name || undefined, nameCandidates, mode, knownConflicts);
	if (name.value !== undefined) {
		set.name = name.value;
	}
	conflicts.push(...name.conflicts);

	const manager = mergeSingleValue('manager', contact.contactManager, fields.managerIds, mode, knownConflicts);
	if (manager.value !== undefined) {
		set.contactManager = manager.value;
	}
	conflicts.push(...manager.conflicts);

	for (const [key, value] of Object.entries(fields.customFields)) {
		if (!contact.customFields?.[key] || mode === 'overwrite') {
			set[`customFields.${key}`] = value;
		}
	}

	const storedEmails = new Set((contact.emails ?? []).map(({ address }) => address));
	const storedPhones = new Set((contact.phones ?? []).map(({ phoneNumber }) => phoneNumber));
	const emails = [...new Set(fields.emails)].filter((address) => !storedEmails.has(address)).map((address) => ({ address }));
	const phones = [...new Set(fields.phones)].filter((phoneNumber) => !storedPhones.has(phoneNumber)).map((phoneNumber) => ({ phoneNumber }));
	const channel = fields.channel;
	const channels = channel && !(contact.channels ?? []).some((existing) => sameAssociation(existing, channel)) ? [channel] : [];
	if (channels.length) {
		set.preRegistration = false;
	}

	return {
		set,
		addToSet: {
			...(channels.length && { channels }),
			...(emails.length && { emails }),
			...(phones.length && { phones }),
			...(conflicts.length && { conflictingFields: conflicts }),
		},
		name: (set.name as string | undefined) ?? contact.name,
	};
}

/** The fields of a visitor a merge looks at; the manager is resolved from its username to an agent's `_id`. */
export async function visitorFields(
	{ models, visitorCustomFields }: Pick<LivechatDeps, 'models' | 'visitorCustomFields'>,
	visitor: Pick<ILivechatVisitor, 'name' | 'username' | 'visitorEmails' | 'phone' | 'contactManager' | 'livechatData'>,
	channel?: ILivechatContactChannel,
): Promise<VisitorFields> {
	const managerUsername = visitor.contactManager?.username;
	const manager = managerUsername ? await models.Users.findOneByUsername(managerUsername, { projection: { _id: 1, roles: 1 } }) : null;
	const allowed = visitor.livechatData ? await allowedCustomFieldsOf({ visitorCustomFields }, visitor.livechatData) : {};
	return {
		names: visitor.name ? [visitor.name] : [],
		usernames: visitor.username ? [visitor.username] : [],
		managerIds: manager?.roles?.includes('livechat-agent') ? [manager._id] : [],
		emails: (visitor.visitorEmails ?? []).map(({ address }) => address),
		phones: (visitor.phone ?? []).map(({ phoneNumber }) => phoneNumber),
		customFields: allowed,
		...(channel && { channel }),
	};
}

/** Plans and applies a merge; returns the contact's resulting name. */
export async function mergeIntoContact(
	deps: Pick<LivechatDeps, 'models'>,
	contact: MergeableContact & { _id: string },
	fields: VisitorFields,
	mode: MergeMode,
	session?: ClientSession,
): Promise<string | undefined> {
	const { set, addToSet, name } = planContactMerge(contact, fields, mode);
	if (Object.keys(set).length || Object.keys(addToSet).length) {
		await deps.models.LivechatContacts.mergeInto(contact._id, { set: set as Partial<ILivechatContact>, addToSet }, { session });
	}
	return name;
}
