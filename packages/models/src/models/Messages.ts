import type { IMessage } from '@rocket.chat/core-typings';
import type { ClientSession, Filter, IndexDescription, WithId } from 'mongodb';

import type { MessageHistoryQuery, ICursor, IDatabase, IMessagesModel } from '@omni/model-typings';

import { BaseRaw } from '../BaseRaw';


type Session = { session?: ClientSession };

/** `rocketchat_message`. */
export class MessagesRaw extends BaseRaw<IMessage> implements IMessagesModel {
	constructor(db: IDatabase) {
		super(db, 'message');
	}

	insertMessage(message: Omit<IMessage, '_updatedAt'>, options: Session = {}): Promise<unknown> {
		return this.col.insertOne({ ...message, _updatedAt: new Date() } as never, options);
	}

	/** A room's messages, newest first, older than `end` when given. */
	findRoomHistory(rid: string, { end, offset, limit }: MessageHistoryQuery): ICursor<WithId<IMessage>> {
		const filter = { rid, _hidden: { $ne: true }, ...(end && { ts: { $lt: end } }) } as Filter<IMessage>;
		return this.col.find(filter, { sort: { ts: -1 }, skip: offset, limit });
	}

	removeByRoomIds(rids: string[], options: Session = {}): Promise<unknown> {
		return this.col.deleteMany({ rid: { $in: rids } }, options);
	}

	protected override modelIndexes(): IndexDescription[] {
		return [{ key: { rid: 1, ts: 1 } }];
	}
}
