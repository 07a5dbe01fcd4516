import type { ILivechatContact } from '@rocket.chat/core-typings';
import type { IndexDescription } from 'mongodb';

import { BaseRaw } from '../BaseRaw';
import type { IDatabase } from '../ICollection';

/** Case-insensitive English collation Rocket.Chat declares on two contact indexes. */
const insensitive = { locale: 'en', strength: 2, caseLevel: false };

/** `rocketchat_livechat_contact`: omnichannel contacts. */
export class LivechatContactsRaw extends BaseRaw<ILivechatContact> {
	constructor(db: IDatabase) {
		super(db, 'livechat_contact');
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
		];
	}
}
