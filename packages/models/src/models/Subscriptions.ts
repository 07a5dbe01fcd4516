import type { ISubscription } from '@rocket.chat/core-typings';
import type { ClientSession, Filter, FindOptions, IndexDescription, UpdateFilter, WithId } from 'mongodb';

import type { IDatabase, ISubscriptionsModel } from '@omni/model-typings';

import { BaseRaw } from '../BaseRaw';


type Session = { session?: ClientSession };

/** `rocketchat_subscription`: a user's membership of a room (for livechat: the serving agent's). */
export class SubscriptionsRaw extends BaseRaw<ISubscription> implements ISubscriptionsModel {
	constructor(db: IDatabase) {
		super(db, 'subscription');
	}

	findOneByRoomIdAndUserId(rid: string, userId: string, options?: FindOptions): Promise<WithId<ISubscription> | null> {
		return this.col.findOne({ rid, 'u._id': userId } as Filter<ISubscription>, options);
	}

	insertSubscription(subscription: Omit<ISubscription, '_id' | '_updatedAt'>, options: Session = {}): Promise<unknown> {
		return this.insertOne(subscription, options);
	}

	removeByRoomId(rid: string, options: Session = {}): Promise<unknown> {
		return this.col.deleteMany({ rid }, options);
	}

	removeByRoomIds(rids: string[], options: Session = {}): Promise<unknown> {
		return this.col.deleteMany({ rid: { $in: rids } }, options);
	}

	/** A visitor message is unread for everyone in the room. */
	incUnreadByRoomId(rid: string, options: Session = {}): Promise<unknown> {
		return this.updateMany({ rid }, { $set: { alert: true, open: true }, $inc: { unread: 1 } } as UpdateFilter<ISubscription>, options);
	}

	updateNameAndFnameByVisitorIds(visitorIds: string[], name: string, options: Session = {}): Promise<unknown> {
		return this.updateMany({ 'v._id': { $in: visitorIds } } as Filter<ISubscription>, { $set: { name, fname: name } } as UpdateFilter<ISubscription>, options);
	}

	protected override modelIndexes(): IndexDescription[] {
		return [
			// Rocket.Chat's unique membership key: two concurrent takes cannot subscribe one agent twice.
			{ key: { 'rid': 1, 'u._id': 1 }, unique: true },
			{ key: { 'u._id': 1 } },
			{ key: { 'v._id': 1 }, sparse: true },
		];
	}
}
