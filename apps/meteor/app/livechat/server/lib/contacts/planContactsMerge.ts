import type { ContactExternalId } from '@omni/model-typings';
import type { ILivechatContact, ILivechatContactChannel } from '@rocket.chat/core-typings';

import { externalIdKey, normalizeEmail, normalizePhone, type PhoneRegion } from '@omni/models';

/** Which contact of the merge gives a single-valued field; each id is the target's or a source's. */
export interface MergePreferences {
	name?: string;
	contactManager?: string;
	customFields?: Record<string, string>;
}

export type MergeableContact = Pick<ILivechatContact, '_id' | 'name' | 'contactManager' | 'emails' | 'phones' | 'customFields' | 'channels' | 'lastChat' | 'preRegistration'> & {
	externalIds?: ContactExternalId[];
};

/** The fields the target is written with. */
export type MergedFields = Partial<Pick<ILivechatContact, 'name' | 'contactManager' | 'emails' | 'phones' | 'channels' | 'customFields' | 'lastChat' | 'preRegistration'>> & {
	externalIds?: ContactExternalId[];
};

type ListField = 'emails' | 'phones' | 'externalIds' | 'channels';

/** A list the target gets: written when it has items, or when the target had the field (an empty list is not added to a contact without it). */
function listField<K extends ListField>(target: MergeableContact, field: K, items: NonNullable<MergeableContact[K]>): Partial<Pick<MergeableContact, K>> {
	return items.length || target[field] !== undefined ? ({ [field]: items } as Partial<Pick<MergeableContact, K>>) : {};
}

/** Items of all lists, each key once, the first one met kept as it is stored. */
function unionBy<T>(lists: (T[] | undefined)[], keyOf: (item: T) => string): T[] {
	const seen = new Set<string>();
	return lists.flatMap((list) => list ?? []).filter((item) => {
		const key = keyOf(item);
		return !seen.has(key) && Boolean(seen.add(key));
	});
}

function channelKey({ visitor }: ILivechatContactChannel): string {
	return JSON.stringify([visitor.visitorId, visitor.source.type, visitor.source.id ?? null]);
}

/**
 * One field's value: the preferred contact's when it has one, else the
 * first contact's (target first, then sources in the given order) that has one.
 */
function pick<T>(contacts: MergeableContact[], preferredId: string | undefined, valueOf: (contact: MergeableContact) => T | undefined): T | undefined {
	const preferred = preferredId === undefined ? undefined : contacts.find(({ _id }) => _id === preferredId);
	const preferredValue = preferred && valueOf(preferred);
	if (preferredValue !== undefined && preferredValue !== '') {
		return preferredValue;
	}
	return contacts.map(valueOf).find((value) => value !== undefined && value !== '');
}

function latestLastChat(contacts: MergeableContact[]): ILivechatContact['lastChat'] {
	return contacts
		.map(({ lastChat }) => lastChat)
		.reduce<ILivechatContact['lastChat']>((latest, lastChat) => (lastChat && (!latest || new Date(lastChat.ts) > new Date(latest.ts)) ? lastChat : latest), undefined);
}

/**
 * What the target of `contacts.merge` becomes: the union of every contact's
 * emails, phones and external ids (deduplicated by normalized key) and
 * channels (by visitor and source), the latest `lastChat`, and name, manager
 * and each custom field from the contact `prefer` names — by default the
 * target's, or the first source's that has one where the target has none.
 * A contact with channels is no longer pre-registered.
 *
 * @example planContactsMerge(target, [source], { name: source._id }, 'US') // { name: source.name, emails: [...], ... }
 */
export function planContactsMerge(target: MergeableContact, sources: MergeableContact[], prefer: MergePreferences, region: PhoneRegion): MergedFields {
	const all = [target, ...sources];
	const channels = unionBy(all.map((contact) => contact.channels), channelKey);
	const customFieldKeys = [...new Set(all.flatMap(({ customFields }) => Object.keys(customFields ?? {})))];
	const customFields: Record<string, unknown> = {};
	for (const key of customFieldKeys) {
		const preferredId = prefer.customFields && Object.hasOwn(prefer.customFields, key) ? prefer.customFields[key] : undefined;
		const value = pick(all, preferredId, ({ customFields: fields }) => (fields && Object.hasOwn(fields, key) ? fields[key] : undefined));
		if (value !== undefined) {
			customFields[key] = value;
		}
	}
	const name = pick(all, prefer.name, (contact) => contact.name) ?? target.name;
	const contactManager = pick(all, prefer.contactManager, (contact) => contact.contactManager);
	const lastChat = latestLastChat(all);
	return {
		name,
		...(contactManager !== undefined && { contactManager }),
		...listField(target, 'emails', unionBy(all.map((contact) => contact.emails), ({ address }) => normalizeEmail(address))),
		...listField(target, 'phones', unionBy(all.map((contact) => contact.phones), ({ phoneNumber }) => normalizePhone(phoneNumber, region))),
		...listField(target, 'externalIds', unionBy(all.map((contact) => contact.externalIds), ({ source, id }) => externalIdKey(source, id))),
		...listField(target, 'channels', channels),
		customFields,
		...(lastChat && { lastChat }),
		...(target.preRegistration && channels.length && { preRegistration: false }),
	};
}
