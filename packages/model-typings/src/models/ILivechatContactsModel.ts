import type { ILivechatContact, ILivechatContactChannel, ILivechatContactConflictingField } from '@rocket.chat/core-typings';
import type { FindOptions, WithId } from 'mongodb';

import type { LivechatSession } from '../livechat';
import type { IBaseReadModel, InsertionModel } from '../IBaseModel';
import type { ICursor } from '../ICollection';

/** `normalized`: a text that reads as an email or a phone also matches by normalized key. */
export type ContactSearchFilter = { searchText?: string; unknown: boolean; normalized?: boolean };

/** `normalized`: an email or phone also matches by normalized key. */
export type ContactExistenceOptions = { normalized?: boolean };

/** A contact's id in another system (a CRM, a shop): unique per `(source, id)` among enabled contacts. */
export type ContactExternalId = { source: string; id: string };

/** Values of one kind to find contacts by their normalized keys (set exactly one). */
export type MatchKeyLookup = { emails?: { address: string }[]; phones?: { phoneNumber: string }[]; externalIds?: ContactExternalId[] };

/** What a merge or an upsert adds to a contact, each as a set. */
export type ContactAdditions = {
	channels?: ILivechatContactChannel[];
	emails?: { address: string }[];
	phones?: { phoneNumber: string }[];
	externalIds?: ContactExternalId[];
	conflictingFields?: ILivechatContactConflictingField[];
};

export type ContactPageOptions = { offset: number; count: number; sort: Record<string, 1 | -1> };

/** A conditional write: only if the contact is still at this version (optimistic concurrency). */
export type VersionCondition = { expectedVersion?: number };

/** A contact as the API shows it, plus its hidden write version (0 before its first write through the model). */
export type VersionedContact = { contact: WithId<ILivechatContact>; version: number };

/** A visitor on one source: the key of a contact channel. */
export type ContactVisitorAssociation = { visitorId: string; source: { type: string; id?: string } };

/**
 * `rocketchat_livechat_contact` (Rocket.Chat's `ILivechatContactsModel`).
 * Contacts are written only through the named methods below, never with a
 * generic update, and every write skips a soft-deleted contact (`enabled: false`),
 * as Rocket.Chat's `patchContact` does: a write racing a delete changes nothing.
 */
export interface ILivechatContactsModel extends IBaseReadModel<ILivechatContact> {
	/** A contact that has not been soft-deleted. */
	findOneEnabledById(_id: string, options?: FindOptions): Promise<WithId<ILivechatContact> | null>;
	/** One page of Rocket.Chat's contact search plus the total of the same filter. */
	findPaginatedContacts(
		search: ContactSearchFilter,
		page: ContactPageOptions,
	): { cursor: ICursor<WithId<ILivechatContact>>; totalCount: Promise<number> };
	/** Lookup by whichever key is given, exact and case-sensitive unless `normalized`; disabled contacts count too. */
	existsByIdEmailOrPhone(query: { contactId?: string; email?: string; phone?: string }, options?: ContactExistenceOptions): Promise<boolean>;
	/** Partial update; any contact update marks it as known. The contact after the update, `null` when it is missing or deleted. */
	updateContact(contactId: string, data: Partial<ILivechatContact>, condition?: VersionCondition & LivechatSession): Promise<WithId<ILivechatContact> | null>;
	/** An enabled contact plus its write version (optimistic concurrency: pass it as `expectedVersion`). */
	findOneEnabledWithVersion(_id: string): Promise<VersionedContact | null>;
	/** The enabled ones of these contacts, each with its write version (a merge reads its contacts this way). */
	findEnabledWithVersions(ids: string[], options?: LivechatSession): Promise<VersionedContact[]>;
	/**
	 * Soft delete: the document stays (its `_id` still "exists") without personal data. False when it was missing or already deleted.
	 * `mergedInto`: the contact it was merged into, recorded on the disabled document.
	 */
	disableByContactId(contactId: string, condition?: VersionCondition & LivechatSession & { mergedInto?: string }): Promise<boolean>;
	/** The contact a disabled contact was merged into (`contacts.merge`); `undefined` for any other contact. */
	findMergedIntoById(_id: string): Promise<string | undefined>;

	// Normalized keys (hidden from every read).
	/** Every contact's id, in ascending order. */
	listAllIds(): Promise<string[]>;
	/** Recomputes and writes these contacts' normalized keys where they differ; returns how many changed and the email/phone keys added or removed (`emails:<key>`, `phones:<key>`). */
	refreshMatchKeys(ids: string[]): Promise<{ updated: number; changedKeys: string[] }>;

	// Livechat: channels, lastChat, merges and blocking.
	findOneByVisitor(association: ContactVisitorAssociation, options?: FindOptions): Promise<WithId<ILivechatContact> | null>;
	findPreRegisteredByEmailsOrPhones(emails: string[], phones: string[], options?: FindOptions): Promise<WithId<ILivechatContact> | null>;
	findAllByVisitorId(visitorId: string, options?: FindOptions): ICursor<WithId<ILivechatContact>>;
	/** A new contact as the caller built it; `_id` (a 24-hex ObjectId string unless given) and `_updatedAt` are set here. */
	/** With `claim`, the contact's keys of those kinds become unique claims (racing upserts of one key create one contact). */
	insertContact(contact: InsertionModel<ILivechatContact>, options?: LivechatSession & { claim?: readonly ('emails' | 'phones')[] }): Promise<string>;
	/** Enabled contacts having one of the values' normalized keys (one kind per call), at most `limit`. */
	findEnabledByMatchKeys(lookup: MatchKeyLookup, options: { limit: number } & LivechatSession): Promise<WithId<ILivechatContact>[]>;
	/** Frees upsert claims on these values' keys held by contacts that no longer carry the key; returns how many. */
	releaseStaleClaims(lookup: Pick<MatchKeyLookup, 'emails' | 'phones'>): Promise<number>;
	mergeInto(
		contactId: string,
		{ set, addToSet }: { set: Partial<ILivechatContact>; addToSet: ContactAdditions },
		options?: LivechatSession,
	): Promise<unknown>;
	updateLastChatById(contactId: string, association: ContactVisitorAssociation, lastChat: { _id: string; ts: Date }, options?: LivechatSession): Promise<unknown>;
	updateCustomFieldsAndConflicts(contactId: string, fields: Record<string, string>, conflicts: ILivechatContactConflictingField[]): Promise<unknown>;
	setChannelBlockStatus(association: ContactVisitorAssociation, blocked: boolean): Promise<boolean>;
	isChannelBlocked(association: ContactVisitorAssociation): Promise<boolean>;
}
