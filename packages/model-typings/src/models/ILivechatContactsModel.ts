import type { ILivechatContact, ILivechatContactChannel, ILivechatContactConflictingField } from '@rocket.chat/core-typings';
import type { FindOptions, WithId } from 'mongodb';

import type { LivechatSession } from '../livechat';
import type { IBaseReadModel, InsertionModel } from '../IBaseModel';
import type { ICursor } from '../ICollection';

export type ContactSearchFilter = { searchText?: string; unknown: boolean };

export type ContactPageOptions = { offset: number; count: number; sort: Record<string, 1 | -1> };

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
	/** Exact, case-sensitive lookup by whichever key is given; disabled contacts count too. */
	existsByIdEmailOrPhone(query: { contactId?: string; email?: string; phone?: string }): Promise<boolean>;
	/** Partial update; any contact update marks it as known. The contact after the update, `null` when it is missing or deleted. */
	updateContact(contactId: string, data: Partial<ILivechatContact>): Promise<WithId<ILivechatContact> | null>;
	/** Soft delete: the document stays (its `_id` still "exists") without personal data. False when it was missing or already deleted. */
	disableByContactId(contactId: string): Promise<boolean>;

	// Livechat: channels, lastChat, merges and blocking.
	findOneByVisitor(association: ContactVisitorAssociation, options?: FindOptions): Promise<WithId<ILivechatContact> | null>;
	findPreRegisteredByEmailsOrPhones(emails: string[], phones: string[], options?: FindOptions): Promise<WithId<ILivechatContact> | null>;
	findAllByVisitorId(visitorId: string, options?: FindOptions): ICursor<WithId<ILivechatContact>>;
	/** A new contact as the caller built it; `_id` (a 24-hex ObjectId string unless given) and `_updatedAt` are set here. */
	insertContact(contact: InsertionModel<ILivechatContact>, options?: LivechatSession): Promise<string>;
	mergeInto(
		contactId: string,
		{ set, addToSet }: { set: Partial<ILivechatContact>; addToSet: { channels?: ILivechatContactChannel[]; emails?: { address: string }[]; phones?: { phoneNumber: string }[]; conflictingFields?: ILivechatContactConflictingField[] } },
		options?: LivechatSession,
	): Promise<unknown>;
	updateLastChatById(contactId: string, association: ContactVisitorAssociation, lastChat: { _id: string; ts: Date }, options?: LivechatSession): Promise<unknown>;
	updateCustomFieldsAndConflicts(contactId: string, fields: Record<string, string>, conflicts: ILivechatContactConflictingField[]): Promise<unknown>;
	setChannelBlockStatus(association: ContactVisitorAssociation, blocked: boolean): Promise<boolean>;
	isChannelBlocked(association: ContactVisitorAssociation): Promise<boolean>;
}
