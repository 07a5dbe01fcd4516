import type { ILivechatVisitor } from '@rocket.chat/core-typings';
import type { FindOptions, WithId } from 'mongodb';

import type { IBaseModel } from '../IBaseModel';
import type { LivechatSession } from '../livechat';

type Session = LivechatSession;

/** The `LivechatVisitors` model (see `@omni/models`). */
export interface ILivechatVisitorsModel extends IBaseModel<ILivechatVisitor> {
	getVisitorByToken(token: string, options?: FindOptions): Promise<WithId<ILivechatVisitor> | null>;

	findOneEnabledById(_id: string, options?: FindOptions): Promise<WithId<ILivechatVisitor> | null>;

	findOneGuestByPhone(phoneNumber: string, options?: FindOptions): Promise<WithId<ILivechatVisitor> | null>;

	findOneGuestByEmailAddress(address: string, options?: FindOptions): Promise<WithId<ILivechatVisitor> | null>;

	updateVisitor(_id: string, fields: Partial<ILivechatVisitor>): Promise<WithId<ILivechatVisitor> | null>;

	insertVisitor(visitor: Omit<ILivechatVisitor, '_updatedAt'>): Promise<WithId<ILivechatVisitor> | null>;

	updateLastChat(_id: string, lastChat: { _id: string; ts: Date }, options?: Session): Promise<unknown>;

	setLivechatData(_id: string, data: Record<string, string>): Promise<unknown>;

	disableById(_id: string, options?: Session): Promise<boolean>;

	unsetContactManagerByUsername(username: string): Promise<unknown>;
}
