import type { ILivechatContact, ILivechatContactChannel, ILivechatContactConflictingField } from '@rocket.chat/core-typings';
import type { ClientSession, Filter, FindOptions, IndexDescription, UpdateFilter, WithId } from 'mongodb';
import type { ContactPageOptions, ContactSearchFilter, ContactVisitorAssociation, ICursor, IDatabase, ILivechatContactsModel, InsertionModel } from '@omni/model-typings';
import { escapeRegExp } from '@omni/string-helpers';

import { BaseRaw } from '../BaseRaw';

/** Case-insensitive English collation Rocket.Chat declares on two contact indexes. */
const insensitive = { locale: 'en', strength: 2, caseLevel: false };

/** The fields `contacts.search` matches a substring against. */
const SEARCHABLE_FIELDS = ['name', 'emails.address', 'phones.phoneNumber'] as const;

/** Personal data a soft delete removes. */
const PERSONAL_DATA_FIELDS = ['emails', 'customFields', 'lastChat', 'channels', 'name', 'phones', 'conflictingFields'] as const;

type Session = { session?: ClientSession };

/** Every write names the contact this way: a soft-deleted one is never written (Rocket.Chat's `patchContact`). */
function enabledContact(contactId: string): Filter<ILivechatContact> {
	return { _id: contactId, enabled: { $ne: false } } as Filter<ILivechatContact>;
}

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

	/** Partial update; like Rocket.Chat, any contact update marks it as known. `null` when the contact is missing or deleted. */
	updateContact(contactId: string, data: Partial<ILivechatContact>): Promise<WithId<ILivechatContact> | null> {
		return this.findOneAndUpdate(enabledContact(contactId), { $set: { ...data, unknown: false } } as UpdateFilter<ILivechatContact>);
	}

	/** Soft delete: the document stays (its `_id` still "exists") without personal data. */
	async disableByContactId(contactId: string): Promise<boolean> {
		const $unset = Object.fromEntries(PERSONAL_DATA_FIELDS.map((field) => [field, 1]));
		const { modifiedCount } = await this.updateOne(enabledContact(contactId), { $set: { enabled: false }, $unset } as UpdateFilter<ILivechatContact>);
		return modifiedCount > 0;
	}

	/** Rocket.Chat's `makeQueryForVisitor`: the channel of one visitor on one source (type, and id when given). */
	/** Contacts with the association's channel; `channelState` adds conditions on that same channel. */
	private channelOf({ visitorId, source }: ContactVisitorAssociation, channelState: Record<string, unknown> = {}): Filter<ILivechatContact> {
		return {
			channels: {
				$elemMatch: {
					'visitor.visitorId': visitorId,
					'visitor.source.type': source.type,
					...(source.id && { 'visitor.source.id': source.id }),
					...channelState,
				},
			},
		} as Filter<ILivechatContact>;
	}

	/** The contact a visitor on a source is already linked to. */
	findOneByVisitor(association: ContactVisitorAssociation, options?: FindOptions): Promise<WithId<ILivechatContact> | null> {
		return this.col.findOne(this.channelOf(association), options);
	}

	/** A pre-registered contact sharing one of these exact emails or phones (Rocket.Chat's `findContactMatchingVisitor`). */
	findPreRegisteredByEmailsOrPhones(emails: string[], phones: string[], options?: FindOptions): Promise<WithId<ILivechatContact> | null> {
		const anyOf: Filter<ILivechatContact>[] = [
			...(emails.length ? [{ 'emails.address': { $in: emails } } as Filter<ILivechatContact>] : []),
			...(phones.length ? [{ 'phones.phoneNumber': { $in: phones } } as Filter<ILivechatContact>] : []),
		];
		if (!anyOf.length) {
			return Promise.resolve(null);
		}
		return this.col.findOne({ preRegistration: true, enabled: { $ne: false }, $or: anyOf } as Filter<ILivechatContact>, options);
	}

	/** Every contact with a channel of this visitor (any source). */
	findAllByVisitorId(visitorId: string, options?: FindOptions): ICursor<WithId<ILivechatContact>> {
		return this.col.find({ 'channels.visitor.visitorId': visitorId } as Filter<ILivechatContact>, options);
	}

	/** A new contact as built by the caller; `_id` and `_updatedAt` are set here. */
	async insertContact(contact: InsertionModel<ILivechatContact>, options: Session = {}): Promise<string> {
		return (await this.insertOne(contact, options)).insertedId;
	}

	/** Channels, emails and phones are added as sets; `fields` are set. Used by the contact merger. */
	mergeInto(
		contactId: string,
		{ set, addToSet }: { set: Partial<ILivechatContact>; addToSet: { channels?: ILivechatContactChannel[]; emails?: { address: string }[]; phones?: { phoneNumber: string }[]; conflictingFields?: ILivechatContactConflictingField[] } },
		options: Session = {},
	): Promise<unknown> {
		const $addToSet = Object.fromEntries(
			Object.entries(addToSet)
				.filter(([, values]) => values && values.length)
				.map(([field, values]) => [field, { $each: values }]),
		);
		return this.updateOne(
			enabledContact(contactId),
			{ $set: set, ...(Object.keys($addToSet).length && { $addToSet }) } as UpdateFilter<ILivechatContact>,
			options,
		);
	}

	/** Stamps the latest conversation on the contact and on the visitor's channel. */
	updateLastChatById(contactId: string, association: ContactVisitorAssociation, lastChat: { _id: string; ts: Date }, options: Session = {}): Promise<unknown> {
		return this.updateOne(
			{ ...this.channelOf(association), ...enabledContact(contactId) },
			{ $set: { lastChat, 'channels.$.lastChat': lastChat } } as UpdateFilter<ILivechatContact>,
			options,
		);
	}

	/** Custom fields from visitor data: `fields` are set, `conflicts` are appended as they come (not de-duplicated). */
	updateCustomFieldsAndConflicts(contactId: string, fields: Record<string, string>, conflicts: ILivechatContactConflictingField[]): Promise<unknown> {
		const $set = Object.fromEntries(Object.entries(fields).map(([key, value]) => [`customFields.${key}`, value]));
		return this.updateOne(
			enabledContact(contactId),
			{ $set, ...(conflicts.length && { $push: { conflictingFields: { $each: conflicts } } }) } as UpdateFilter<ILivechatContact>,
		);
	}

	/**
	 * Sets a channel's `blocked` flag; false when nothing changed (unknown channel, or already in that state).
	 * The state is part of the filter because every write also sets `_updatedAt`, so `modifiedCount` alone
	 * would count a repeat; it also makes concurrent calls change the flag exactly once.
	 */
	async setChannelBlockStatus(association: ContactVisitorAssociation, blocked: boolean): Promise<boolean> {
		const { modifiedCount } = await this.updateOne({ ...this.channelOf(association, { blocked: { $ne: blocked } }), enabled: { $ne: false } } as Filter<ILivechatContact>, {
			$set: { 'channels.$.blocked': blocked },
		} as UpdateFilter<ILivechatContact>);
		return modifiedCount > 0;
	}

	async isChannelBlocked(association: ContactVisitorAssociation): Promise<boolean> {
		return (await this.col.findOne(this.channelOf(association, { blocked: true }), { projection: { _id: 1 } })) !== null;
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

	/**
	 * Embedded-store indexes that let `findPaginatedContacts` answer and count
	 * from sets instead of reading contacts: substring indexes on the searched
	 * fields, and `enabled` so that `enabled: { $ne: false }` is a set too.
	 */
	private substringSearchIndexes(): IndexDescription[] {
		return [
			...SEARCHABLE_FIELDS.map((field) => ({ key: { [field]: 1 }, name: `${field}_substring`, substring: true }) as IndexDescription),
			{ key: { enabled: 1 }, name: 'enabled_search', sparse: true },
		];
	}
}
