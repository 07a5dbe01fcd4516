import type { ILivechatContact, ILivechatContactConflictingField } from '@rocket.chat/core-typings';
import type { ClientSession, Filter, FindOptions, IndexDescription, UpdateFilter, UpdateOptions, UpdateResult, WithId } from 'mongodb';
import type {
	ContactAdditions,
	ContactExistenceOptions,
	ContactPageOptions,
	ContactSearchFilter,
	ContactVisitorAssociation,
	ICursor,
	IDatabase,
	ILivechatContactsModel,
	InsertionModel,
	MatchKeyLookup,
	VersionCondition,
	VersionedContact,
} from '@omni/model-typings';
import { escapeRegExp } from '@omni/string-helpers';

import { BaseRaw, withUpdatedAt } from '../BaseRaw';
import { contactMatchKeys, normalizeEmail, normalizePhone, type PhoneRegion } from '../contactMatchKeys';
import { type ContactInternals, matchKeysOf, matchKeysUpdate, mergeUpdates, type StoredMatchKeys, withoutInternalFields } from './contactInternalFields';

/** Case-insensitive English collation Rocket.Chat declares on two contact indexes. */
const insensitive = { locale: 'en', strength: 2, caseLevel: false };

function sameList(a: string[] | undefined, b: string[] | undefined): boolean {
	return (a ?? []).length === (b ?? []).length && (a ?? []).every((value, index) => value === b?.[index]);
}

function symmetricDifference(a: string[] = [], b: string[] = []): string[] {
	const left = new Set(a);
	const right = new Set(b);
	return [...a.filter((value) => !right.has(value)), ...b.filter((value) => !left.has(value))];
}

/** The fields `contacts.search` matches a substring against. */
const SEARCHABLE_FIELDS = ['name', 'emails.address', 'phones.phoneNumber'] as const;

/** Personal data a soft delete removes. */
const PERSONAL_DATA_FIELDS = ['emails', 'customFields', 'lastChat', 'channels', 'name', 'phones', 'conflictingFields'] as const;

type Session = { session?: ClientSession };

/** Where a contact's keys come from; the region reads phones written without `+`. */
export interface ContactKeyOptions {
	phoneRegion(): PhoneRegion;
}

const NO_REGION: ContactKeyOptions = { phoneRegion: () => '' };

/** A search text that reads as a phone number: digits and the usual punctuation only. */
const PHONE_LIKE = /^[\d\s()+.\-/]*\d[\d\s()+.\-/]*$/;

/**
 * The normalized-key clauses a search text adds: its email key when it looks
 * like an email, its phone key when it looks like a phone number.
 */
function normalizedSearchClauses(searchText: string, region: PhoneRegion): Filter<ILivechatContact>[] {
	const text = searchText.trim();
	const clauses: Filter<ILivechatContact>[] = [];
	if (text.includes('@')) {
		clauses.push({ '_matchKeys.emails': normalizeEmail(text) } as Filter<ILivechatContact>);
	}
	const phone = PHONE_LIKE.test(text) ? normalizePhone(text, region) : '';
	if (phone) {
		clauses.push({ '_matchKeys.phones': phone } as Filter<ILivechatContact>);
	}
	return clauses;
}

/** Every write names the contact this way: a soft-deleted one is never written (Rocket.Chat's `patchContact`). */
function enabledContact(contactId: string): Filter<ILivechatContact> {
	return { _id: contactId, enabled: { $ne: false } } as Filter<ILivechatContact>;
}

/**
 * Rocket.Chat's search filter: an unanchored, case-insensitive regex of the
 * escaped text over name, emails and phones, known or unknown contacts,
 * never deleted ones. With `normalized`, a text that reads as an email or a
 * phone also matches contacts whose normalized key equals its own.
 */
export function contactSearchFilter({ searchText, unknown, normalized }: ContactSearchFilter, region: PhoneRegion = ''): Filter<ILivechatContact> {
	const pattern = escapeRegExp(searchText ?? '');
	const extra = normalized && searchText ? normalizedSearchClauses(searchText, region) : [];
	return {
		$or: [...SEARCHABLE_FIELDS.map((field) => ({ [field]: { $regex: pattern, $options: 'i' } })), ...extra],
		unknown,
		enabled: { $ne: false },
	};
}

/**
 * Normalized keys are looked up by equality; an external id and an upsert's
 * claim belong to one enabled contact at most (disabling unsets the keys, and
 * a unique index never sees an empty list: empty lists are unset).
 */
const MATCH_KEY_INDEXES: IndexDescription[] = [
	{ key: { '_matchKeys.emails': 1 }, name: 'matchKeys_emails', partialFilterExpression: { '_matchKeys.emails': { $exists: true } } },
	{ key: { '_matchKeys.phones': 1 }, name: 'matchKeys_phones', partialFilterExpression: { '_matchKeys.phones': { $exists: true } } },
	{
		key: { '_matchKeys.externalIds': 1 },
		name: 'matchKeys_externalIds_unique',
		unique: true,
		partialFilterExpression: { '_matchKeys.externalIds': { $exists: true } },
	},
	{ key: { '_matchKeys.claims': 1 }, name: 'matchKeys_claims_unique', unique: true, partialFilterExpression: { '_matchKeys.claims': { $exists: true } } },
];

/** The filter part of a `VersionCondition`; version 0 is a contact never written through the model (no `_version`). */
function atVersion(expectedVersion: number | undefined): Filter<ILivechatContact> {
	if (expectedVersion === undefined) {
		return {};
	}
	return { _version: expectedVersion === 0 ? null : expectedVersion } as Filter<ILivechatContact>;
}

/** Key kinds an upsert may claim (external ids are unique anyway). */
type ClaimKind = 'emails' | 'phones';

function claimKey(kind: ClaimKind, key: string): string {
	return `${kind}:${key}`;
}

/** `$inc` of the concurrency version every contact write carries. */
const BUMP_VERSION = { $inc: { _version: 1 } };

/** `rocketchat_livechat_contact`: omnichannel contacts. */
export class LivechatContactsRaw extends BaseRaw<ILivechatContact> implements ILivechatContactsModel {
	private readonly substringIndexes: boolean;

	constructor(
		db: IDatabase,
		private readonly keyOptions: ContactKeyOptions = NO_REGION,
	) {
		super(db, 'livechat_contact');
		this.substringIndexes = db.supportsSubstringIndexes === true;
	}

	private get region(): PhoneRegion {
		return this.keyOptions.phoneRegion();
	}

	// Reads: the internal fields never leave the model.

	override findOneById(_id: string, options?: FindOptions): Promise<WithId<ILivechatContact> | null> {
		return super.findOneById(_id, withoutInternalFields(options));
	}

	override findOne(filter: Filter<ILivechatContact>, options?: FindOptions): Promise<WithId<ILivechatContact> | null> {
		return super.findOne(filter, withoutInternalFields(options));
	}

	override find(filter: Filter<ILivechatContact>, options?: FindOptions): ICursor<WithId<ILivechatContact>> {
		return super.find(filter, withoutInternalFields(options));
	}

	// Writes: every one bumps `_version`; those that write emails, phones or external ids keep `_matchKeys` in step.

	override insertOne(
		doc: InsertionModel<ILivechatContact>,
		options?: { session?: ClientSession },
	): Promise<{ acknowledged: boolean; insertedId: string }> {
		return this.insertWithKeys(doc, [], options);
	}

	/** Inserts with the document's keys; `claim` kinds also become unique claims (see `insertContact`). */
	private insertWithKeys(
		doc: InsertionModel<ILivechatContact>,
		claim: readonly ClaimKind[],
		options?: { session?: ClientSession },
	): Promise<{ acknowledged: boolean; insertedId: string }> {
		const { _matchKeys: _ignored, ...fields } = doc as InsertionModel<ILivechatContact> & { _matchKeys?: unknown };
		const keys = matchKeysOf(fields, this.region);
		const claims = claim.flatMap((kind) => (keys?.[kind] ?? []).map((key) => claimKey(kind, key)));
		const matchKeys = keys && { ...keys, ...(claims.length && { claims }) };
		return super.insertOne({ ...fields, ...(matchKeys && { _matchKeys: matchKeys }) } as InsertionModel<ILivechatContact>, options);
	}

	override updateOne(filter: Filter<ILivechatContact>, update: UpdateFilter<ILivechatContact>, options?: UpdateOptions): Promise<UpdateResult<ILivechatContact>> {
		return super.updateOne(filter, mergeUpdates(update, BUMP_VERSION), options);
	}

	override updateMany(filter: Filter<ILivechatContact>, update: UpdateFilter<ILivechatContact>, options?: UpdateOptions): Promise<UpdateResult<ILivechatContact>> {
		return super.updateMany(filter, mergeUpdates(update, BUMP_VERSION), options);
	}

	override findOneAndUpdate(
		filter: Filter<ILivechatContact>,
		update: UpdateFilter<ILivechatContact>,
		options: { upsert?: boolean; session?: ClientSession } = {},
	): Promise<WithId<ILivechatContact> | null> {
		return this.col.findOneAndUpdate(filter, withUpdatedAt(mergeUpdates(update, BUMP_VERSION)), {
			...withoutInternalFields(options),
			returnDocument: 'after',
			includeResultMetadata: false,
		});
	}

	/** A contact that has not been soft-deleted. */
	findOneEnabledById(_id: string, options?: FindOptions): Promise<WithId<ILivechatContact> | null> {
		return this.col.findOne({ _id, enabled: { $ne: false } }, withoutInternalFields(options));
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
		const filter = contactSearchFilter(search, this.region);
		return {
			cursor: this.col.find(filter, withoutInternalFields({ sort, skip: offset, limit: count })),
			totalCount: this.col.countDocuments(filter),
		};
	}

	/**
	 * Lookup by whichever key is given; disabled contacts count too. Exact and
	 * case-sensitive, as in Rocket.Chat; with `normalized`, an email or phone
	 * also matches by its normalized key.
	 */
	async existsByIdEmailOrPhone(
		{ contactId, email, phone }: { contactId?: string; email?: string; phone?: string },
		{ normalized = false }: ContactExistenceOptions = {},
	): Promise<boolean> {
		let filter: Filter<ILivechatContact>;
		if (contactId) {
			filter = { _id: contactId };
		} else if (email) {
			filter = normalized ? { $or: [{ 'emails.address': email }, { '_matchKeys.emails': normalizeEmail(email) }] } : { 'emails.address': email };
		} else {
			const key = normalized && phone ? normalizePhone(phone, this.region) : '';
			filter = key ? { $or: [{ 'phones.phoneNumber': phone }, { '_matchKeys.phones': key }] } : { 'phones.phoneNumber': phone };
		}
		return (await this.col.findOne(filter as Filter<ILivechatContact>, { projection: { _id: 1 } })) !== null;
	}

	/**
	 * Partial update; like Rocket.Chat, any contact update marks it as known.
	 * `null` when the contact is missing or deleted, or (with `expectedVersion`)
	 * was written since that version was read.
	 */
	updateContact(
		contactId: string,
		data: Partial<ILivechatContact>,
		{ expectedVersion, session }: VersionCondition & Session = {},
	): Promise<WithId<ILivechatContact> | null> {
		const keys = matchKeysUpdate(data, this.region);
		return this.findOneAndUpdate(
			{ ...enabledContact(contactId), ...atVersion(expectedVersion) },
			mergeUpdates({ $set: { ...data, unknown: false } } as UpdateFilter<ILivechatContact>, keys),
			{ session },
		);
	}

	/**
	 * Soft delete: the document stays (its `_id` still "exists") without personal data or keys.
	 * False when it was missing or already deleted, or (with `expectedVersion`) written since.
	 * `mergedInto` records the contact it was merged into.
	 */
	async disableByContactId(
		contactId: string,
		{ expectedVersion, session, mergedInto }: VersionCondition & Session & { mergedInto?: string } = {},
	): Promise<boolean> {
		const $unset = Object.fromEntries([...PERSONAL_DATA_FIELDS, '_matchKeys'].map((field) => [field, 1]));
		const { modifiedCount } = await this.updateOne(
			{ ...enabledContact(contactId), ...atVersion(expectedVersion) } as Filter<ILivechatContact>,
			{ $set: { enabled: false, ...(mergedInto && { mergedInto }) }, $unset } as UpdateFilter<ILivechatContact>,
			{ session },
		);
		return modifiedCount > 0;
	}

	/** An enabled contact as the API shows it, plus its write version (0 before its first write through this model). */
	async findOneEnabledWithVersion(_id: string): Promise<VersionedContact | null> {
		const [found] = await this.findEnabledWithVersions([_id]);
		return found ?? null;
	}

	/** The enabled ones of these contacts as the API shows them, each with its write version. */
	async findEnabledWithVersions(ids: string[], { session }: Session = {}): Promise<VersionedContact[]> {
		const filter = { _id: { $in: ids }, enabled: { $ne: false } } as Filter<ILivechatContact>;
		const found = (await this.col.find(filter, { projection: { _matchKeys: 0 }, session }).toArray()) as (WithId<ILivechatContact> & ContactInternals)[];
		return found.map(({ _version: version = 0, ...contact }) => ({ contact: contact as WithId<ILivechatContact>, version }));
	}

	/** The contact a disabled contact was merged into; `undefined` for an enabled, deleted or unknown one. */
	async findMergedIntoById(_id: string): Promise<string | undefined> {
		const found = (await this.col.findOne({ _id, enabled: false } as Filter<ILivechatContact>, { projection: { mergedInto: 1 } })) as { mergedInto?: string } | null;
		return found?.mergedInto;
	}

	// Normalized keys: the backfill and duplicate groups.

	/** Every contact's id, in ascending order (the order the key backfill walks). */
	async listAllIds(): Promise<string[]> {
		const ids = (await this.col.find({}, { projection: { _id: 1 } }).toArray()).map(({ _id }) => _id);
		return ids.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
	}

	/**
	 * Recomputes the normalized keys of these contacts with the current phone
	 * region and writes those that differ. A write is skipped when the contact
	 * changed since it was read (its `_version` moved): that write computed its
	 * keys itself. Neither `_updatedAt` nor `_version` change: nothing visible does.
	 *
	 * @returns how many contacts got new keys, and the email/phone keys added or removed
	 */
	async refreshMatchKeys(ids: string[]): Promise<{ updated: number; changedKeys: string[] }> {
		type Keyed = ILivechatContact & ContactInternals & { enabled?: boolean; externalIds?: { source: string; id: string }[] };
		const contacts = (await this.col.find({ _id: { $in: ids } }).toArray()) as Keyed[];
		const changedKeys = new Set<string>();
		const operations = [];
		for (const { _matchKeys: stored = {}, ...contact } of contacts) {
			const fresh: StoredMatchKeys = contact.enabled === false ? {} : (matchKeysOf(contact, this.region) ?? {});
			const kinds = ['emails', 'phones', 'externalIds'] as const;
			if (kinds.every((kind) => sameList(stored[kind], fresh[kind]))) {
				continue;
			}
			for (const kind of ['emails', 'phones'] as const) {
				for (const key of symmetricDifference(stored[kind], fresh[kind])) {
					changedKeys.add(`${kind}:${key}`);
				}
			}
			const matchKeys = { ...fresh, ...(stored.claims && { claims: stored.claims }) };
			const { _id, ...rest } = contact;
			// A replacement of the document as read (cheaper than an operator update on the embedded store), written only if no one wrote it since.
			operations.push({
				replaceOne: {
					filter: { _id, _version: contact._version ?? null },
					replacement: { ...rest, ...(Object.keys(matchKeys).length && { _matchKeys: matchKeys }) },
				},
			});
		}
		if (!operations.length) {
			return { updated: 0, changedKeys: [] };
		}
		const { modifiedCount } = await this.col.bulkWrite(operations as never, { ordered: false });
		return { updated: modifiedCount, changedKeys: [...changedKeys] };
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
		return this.col.findOne(this.channelOf(association), withoutInternalFields(options));
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
		return this.col.findOne({ preRegistration: true, enabled: { $ne: false }, $or: anyOf } as Filter<ILivechatContact>, withoutInternalFields(options));
	}

	/** Every contact with a channel of this visitor (any source). */
	findAllByVisitorId(visitorId: string, options?: FindOptions): ICursor<WithId<ILivechatContact>> {
		return this.col.find({ 'channels.visitor.visitorId': visitorId } as Filter<ILivechatContact>, withoutInternalFields(options));
	}

	/**
	 * A new contact as built by the caller; `_id` and `_updatedAt` are set here.
	 * With `claim`, the contact also claims its keys of those kinds: a unique
	 * index then refuses (duplicate key) another contact claiming one of them,
	 * which is how racing upserts of one email or phone create one contact.
	 */
	async insertContact(contact: InsertionModel<ILivechatContact>, options: Session & { claim?: readonly ClaimKind[] } = {}): Promise<string> {
		const { claim = [], ...insertOptions } = options;
		return (await this.insertWithKeys(contact, claim, insertOptions)).insertedId;
	}

	/** Enabled contacts having one of these values' normalized keys (emails, phones, or external ids), at most `limit`. */
	findEnabledByMatchKeys(lookup: MatchKeyLookup, { limit, session }: { limit: number; session?: ClientSession }): Promise<WithId<ILivechatContact>[]> {
		const keys = contactMatchKeys(lookup, this.region);
		const kind = (['emails', 'phones', 'externalIds'] as const).find((candidate) => lookup[candidate] !== undefined);
		if (!kind || !keys[kind].length) {
			return Promise.resolve([]);
		}
		return this.col
			.find({ [`_matchKeys.${kind}`]: { $in: keys[kind] }, enabled: { $ne: false } } as Filter<ILivechatContact>, withoutInternalFields({ limit, session }))
			.toArray();
	}

	/**
	 * Frees claims on these values' keys held by a contact that no longer has
	 * the key (its emails or phones were replaced since): a claim only ever
	 * stands for a contact that still carries its key.
	 */
	async releaseStaleClaims(lookup: Pick<MatchKeyLookup, ClaimKind>): Promise<number> {
		const keys = contactMatchKeys(lookup, this.region);
		let released = 0;
		for (const kind of ['emails', 'phones'] as const) {
			for (const key of keys[kind]) {
				const claim = claimKey(kind, key);
				const { modifiedCount } = await this.col.updateOne(
					{ '_matchKeys.claims': claim, [`_matchKeys.${kind}`]: { $ne: key } } as Filter<ILivechatContact>,
					{ $pull: { '_matchKeys.claims': claim } } as UpdateFilter<ILivechatContact>,
				);
				released += modifiedCount;
			}
		}
		return released;
	}

	/** Channels, emails and phones are added as sets; `fields` are set. Used by the contact merger. */
	mergeInto(
		contactId: string,
		{ set, addToSet }: { set: Partial<ILivechatContact>; addToSet: ContactAdditions },
		options: Session = {},
	): Promise<unknown> {
		const $addToSet: Record<string, { $each: unknown[] }> = Object.fromEntries(
			Object.entries(addToSet)
				.filter(([, values]) => values && values.length)
				.map(([field, values]) => [field, { $each: values }]),
		);
		// Added emails, phones and external ids add their keys too (a set union, so racing merges cannot lose one).
		const addedKeys = matchKeysOf({ emails: addToSet.emails, phones: addToSet.phones, externalIds: addToSet.externalIds }, this.region) ?? {};
		for (const [kind, keys] of Object.entries(addedKeys)) {
			$addToSet[`_matchKeys.${kind}`] = { $each: keys };
		}
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
			...MATCH_KEY_INDEXES,
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
