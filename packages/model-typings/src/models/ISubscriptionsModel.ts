import type { ISubscription } from '@rocket.chat/core-typings';
import type { FindOptions, WithId } from 'mongodb';

import type { IBaseModel } from '../IBaseModel';
import type { LivechatSession } from '../livechat';

type Session = LivechatSession;

/** The `Subscriptions` model (see `@omni/models`). */
export interface ISubscriptionsModel extends IBaseModel<ISubscription> {
	findOneByRoomIdAndUserId(rid: string, userId: string, options?: FindOptions): Promise<WithId<ISubscription> | null>;

	insertSubscription(subscription: Omit<ISubscription, '_id' | '_updatedAt'>, options?: Session): Promise<unknown>;

	removeByRoomId(rid: string, options?: Session): Promise<unknown>;

	removeByRoomIds(rids: string[], options?: Session): Promise<unknown>;

	incUnreadByRoomId(rid: string, options?: Session): Promise<unknown>;

	updateNameAndFnameByVisitorIds(visitorIds: string[], name: string, options?: LivechatSession): Promise<unknown>;
}
