import type { ILivechatVisitor } from '@rocket.chat/core-typings';
import type { ClientSession, Filter, FindOptions, IndexDescription, UpdateFilter, WithId } from 'mongodb';

import type { IDatabase, ILivechatVisitorsModel } from '@omni/model-typings';

import { BaseRaw } from '../BaseRaw';


type Session = { session?: ClientSession };

/** What a disabled visitor loses, so token, email and phone look-ups no longer find it. */
const PERSONAL_DATA_FIELDS = [
	'token',
	'username',
	'name',
	'visitorEmails',
	'phone',
	'livechatData',
	'lastChat',
	'department',
	'contactManager',
	'ip',
	'host',
	'userAgent',
	'ts',
	'status',
] as const;

/** `rocketchat_livechat_visitor`: the people who talk to the workspace through livechat. */
export class LivechatVisitorsRaw extends BaseRaw<ILivechatVisitor> implements ILivechatVisitorsModel {
	constructor(db: IDatabase) {
		super(db, 'livechat_visitor');
	}

	/** Disabled visitors have no token, so they are never found here. */
	getVisitorByToken(token: string, options?: FindOptions): Promise<WithId<ILivechatVisitor> | null> {
		return this.col.findOne({ token }, options);
	}

	findOneEnabledById(_id: string, options?: FindOptions): Promise<WithId<ILivechatVisitor> | null> {
		return this.col.findOne({ _id, disabled: { $ne: true } }, options);
	}

	findOneGuestByPhone(phoneNumber: string, options?: FindOptions): Promise<WithId<ILivechatVisitor> | null> {
		return this.col.findOne({ 'phone.phoneNumber': phoneNumber }, options);
	}

	findOneGuestByEmailAddress(address: string, options?: FindOptions): Promise<WithId<ILivechatVisitor> | null> {
		return this.col.findOne({ 'visitorEmails.address': address }, options);
	}

	/** A registration of a known visitor; returns it as stored. */
	updateVisitor(_id: string, fields: Partial<ILivechatVisitor>): Promise<WithId<ILivechatVisitor> | null> {
		return this.findOneAndUpdate({ _id }, { $set: fields });
	}

	/** A new visitor; an `_id` that is taken fails with the driver's duplicate-key error rather than overwriting someone. */
	async insertVisitor(visitor: Omit<ILivechatVisitor, '_updatedAt'>): Promise<WithId<ILivechatVisitor> | null> {
		await this.insertOne(visitor);
		return this.findOneById(visitor._id);
	}

	updateLastChat(_id: string, lastChat: { _id: string; ts: Date }, options: Session = {}): Promise<unknown> {
		return this.updateOne({ _id }, { $set: { lastChat } }, options);
	}

	setLivechatData(_id: string, data: Record<string, string>): Promise<unknown> {
		const $set = Object.fromEntries(Object.entries(data).map(([key, value]) => [`livechatData.${key}`, value]));
		return this.updateOne({ _id }, { $set } as UpdateFilter<ILivechatVisitor>);
	}

	/** Soft delete as Rocket.Chat's `disableById`: the document stays without personal data. */
	async disableById(_id: string, options: Session = {}): Promise<boolean> {
		const $unset = Object.fromEntries(PERSONAL_DATA_FIELDS.map((field) => [field, 1]));
		const { modifiedCount } = await this.updateOne(
			{ _id, disabled: { $ne: true } },
			{ $set: { disabled: true }, $unset } as UpdateFilter<ILivechatVisitor>,
			options,
		);
		return modifiedCount > 0;
	}

	/** Visitors whose contact manager is this username (an agent losing its role stops managing them). */
	unsetContactManagerByUsername(username: string): Promise<unknown> {
		return this.updateMany({ 'contactManager.username': username } as Filter<ILivechatVisitor>, { $unset: { contactManager: 1 } });
	}

	protected override modelIndexes(): IndexDescription[] {
		return [
			{ key: { token: 1 } },
			{ key: { 'phone.phoneNumber': 1 }, sparse: true },
			{ key: { 'visitorEmails.address': 1 }, sparse: true },
			{ key: { username: 1 } },
			{ key: { 'contactManager.username': 1 }, sparse: true },
			{ key: { disabled: 1 }, partialFilterExpression: { disabled: true } },
		];
	}
}
