import type { IMessage } from '@rocket.chat/core-typings';
import type { WithId } from 'mongodb';

import type { IBaseModel } from '../IBaseModel';
import type { LivechatSession } from '../livechat';
import type { ICursor } from '../ICollection';
import type { MessageHistoryQuery } from '../livechat';

type Session = LivechatSession;

/** The `Messages` model (see `@omni/models`). */
export interface IMessagesModel extends IBaseModel<IMessage> {
	insertMessage(message: Omit<IMessage, '_updatedAt'>, options?: Session): Promise<unknown>;

	findRoomHistory(rid: string, { end, offset, limit }: MessageHistoryQuery): ICursor<WithId<IMessage>>;

	removeByRoomIds(rids: string[], options?: Session): Promise<unknown>;
}
