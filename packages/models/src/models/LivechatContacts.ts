import type { ILivechatContact } from '@rocket.chat/core-typings';
import type { Filter, FindOptions, IndexDescription, UpdateFilter, WithId } from 'mongodb';
import type { ContactPageOptions, ContactSearchFilter, ICursor, IDatabase, ILivechatContactsModel } from '@omni/model-typings';

import { BaseRaw } from '../BaseRaw';

/** Case-insensitive English collation Rocket.Chat declares on two contact indexes. */
const insensitive = { locale: 'en', strength: 2, caseLevel: false };

/** Makes user text match itself literally inside a regex. */
function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The fields `contacts.search` matches a substring against. */
const SEARCHABLE_FIELDS = ['name', 'emails.address', 'phones.phoneNumber'] as const;

/** Personal data a soft delete removes. */
const PERSONAL_DATA_FIELDS = ['emails', 'customFields', 'lastChat', 'channels', 'name', 'phones', 'conflictingFields'] as const;

/**
 * Rocket.Chat's search filter: an unanchored, case-insensitive regex of the
 * escaped text over name, emails and phones, known or unknown contacts,
 * never deleted ones.
 */
export function contactSearchFilter({ searchText, unknown }: ContactSearchFilter): Filter<ILivechatContact> {
	const pattern = escapeRegExp(searchText ?? '');
	return {
		$or: SEARCHABLE_FIELDS.map((field) => ({ [field]: { $regex: pattern, $options: 'i' } })),
		unknown,
		enabled: { $ne: false },
	};
}

/** `rocketchat_livechat_contact`: omnichannel contacts. */
export class LivechatContactsRaw extends BaseRaw<ILivechatContact> implements ILivechatContactsModel {
	private readonly substringIndexes: boolean;

	constructor(db: IDatabase) {
		super(db, 'livechat_contact');
		this.substringIndexes = db.supportsSubstringIndexes === true;
	}

	/** A contact that has not been soft-deleted. */
	findOneEnabledById(_id: string, options?: FindOptions): Promise<WithId<ILivechatContact> | null> {
		return this.col.findOne({ _id, enabled: { $ne: false } }, options);
	}

	/**
	 * One page of `contactSearchFilter` matches plus their total. On MongoDB
	 * such a regex cannot use an index efficiently: only a case-sensitive,
	 * `^`-anchored regex gets index bounds; an `/i` or unanchored one at best
	 * scans every index key, so every search reads the whole collection. The
	 * embedded store answers the very same filter through its substring
	 * (trigram) indexes and re-checks candidates, so results and order stay
	 * identical to a scan.
	 */
	findPaginatedContacts(
		search: ContactSearchFilter,
		{ offset, count, sort }: ContactPageOptions,
	): { cursor: ICursor<WithId<ILivechatContact>>; totalCount: Promise<number> } {
		const filter = contactSearchFilter(search);
		return {
			cursor: this.col.find(filter, { sort, skip: offset, limit: count }),
			totalCount: this.col.countDocuments(filter),
		};
	}

	/** Exact, case-sensitive lookup by whichever key is given; disabled contacts count too. */
	async existsByIdEmailOrPhone({ contactId, email, phone }: { contactId?: string; email?: string; phone?: string }): Promise<boolean> {
		const filter: Filter<ILivechatContact> = contactId
			? { _id: contactId }
			: email
				? { 'emails.address': email }
				: { 'phones.phoneNumber': phone };
		return (await this.col.findOne(filter, { projection: { _id: 1 } })) !== null;
	}

	/** Partial update; like Rocket.Chat, any contact update marks it as known. */
	updateContact(contactId: string, data: Partial<ILivechatContact>): Promise<WithId<ILivechatContact> | null> {
		return this.findOneAndUpdate({ _id: contactId }, { $set: { ...data, unknown: false } } as UpdateFilter<ILivechatContact>);
	}

	/** Soft delete: the document stays (its `_id` still "exists") without personal data. */
	async disableByContactId(contactId: string): Promise<void> {
		const $unset = Object.fromEntries(PERSONAL_DATA_FIELDS.map((field) => [field, 1]));
		await this.updateOne({ _id: contactId }, { $set: { enabled: false }, $unset } as UpdateFilter<ILivechatContact>);
	}

	protected override modelIndexes(): IndexDescription[] {
		return [
			{ key: { name: 1 }, name: 'name_insensitive', collation: insensitive },
			{
				key: { 'emails.address': 1 },
				name: 'emails_insensitive',
				partialFilterExpression: { emails: { $exists: true } },
				collation: insensitive,
			},
			{ key: { 'phones.phoneNumber': 1 }, partialFilterExpression: { phones: { $exists: true } } },
			{
				key: { 'channels.visitor.visitorId': 1, 'channels.visitor.source.type': 1, 'channels.visitor.source.id': 1 },
				name: 'visitorAssociation',
			},
			{
				key: { 'channels.field': 1, 'channels.value': 1, 'channels.verified': 1 },
				name: 'verificationKey',
				partialFilterExpression: { 'channels.verified': true },
			},
			{ key: { preRegistration: 1 }, sparse: true },
			{ key: { activity: 1 }, sparse: true },
			{ key: { channels: 1 } },
			{ key: { 'channels.blocked': 1 }, sparse: true },
			{ key: { 'channels.verified': 1 }, sparse: true },
			{ key: { unknown: 1 } },
			...(this.substringIndexes ? this.substringSearchIndexes() : []),
		];
	}

	/** Embedded-store trigram indexes that let `findPaginatedContacts` skip the full scan. */
	private substringSearchIndexes(): IndexDescription[] {
		return SEARCHABLE_FIELDS.map((field) => ({ key: { [field]: 1 }, name: `${field}_substring`, substring: true }) as IndexDescription);
	}
}
