import type { ILivechatInquiryRecord } from '@rocket.chat/core-typings';
import type { FindOptions, WithId } from 'mongodb';

import type { IBaseModel } from '../IBaseModel';
import type { LivechatSession } from '../livechat';
import type { ICursor } from '../ICollection';
import type { QueuedInquiriesPage } from '../livechat';

type Session = LivechatSession;

/** The `LivechatInquiry` model (see `@omni/models`). */
export interface ILivechatInquiryModel extends IBaseModel<ILivechatInquiryRecord> {
	insertInquiry(inquiry: Omit<ILivechatInquiryRecord, '_updatedAt'>, options?: Session): Promise<unknown>;

	findOneByRoomId(rid: string, options?: FindOptions): Promise<WithId<ILivechatInquiryRecord> | null>;

	claimForTake(_id: string, options?: Session): Promise<WithId<ILivechatInquiryRecord> | null>;

	removeByRoomId(rid: string, options?: Session): Promise<{ deletedCount: number }>;

	removeByRoomIds(rids: string[], options?: Session): Promise<unknown>;

	setLastMessageIfQueued(rid: string, lastMessage: Record<string, unknown>, options?: Session): Promise<unknown>;

	updateNameByVisitorIds(visitorIds: string[], name: string, options?: LivechatSession): Promise<unknown>;

	findQueuedForAgent(agentId: string, departments: string[], { offset, count, sort }: QueuedInquiriesPage): { cursor: ICursor<WithId<ILivechatInquiryRecord>>; total: Promise<number> };
}
