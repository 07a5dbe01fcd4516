import type { IOmnichannelRoom } from '@rocket.chat/core-typings';
import type { IndexDescription, WithId } from 'mongodb';
import type { ClosedRoomsPageOptions, ICursor, IDatabase, IRoomsModel, LivechatSession } from '@omni/model-typings';

import { BaseRaw } from '../BaseRaw';

/**
 * `rocketchat_room`. Only the livechat-room queries the contacts API needs;
 * rooms are written by the visitor/room subsystem once it exists.
 */
export class RoomsRaw extends BaseRaw<IOmnichannelRoom> implements IRoomsModel {
	constructor(db: IDatabase) {
		super(db, 'room');
	}

	protected override modelIndexes(): IndexDescription[] {
		return [{ key: { contactId: 1 }, sparse: true }];
	}

	/** A contact's closed livechat conversations, one page plus the total. */
	findClosedRoomsByContactId(
		contactId: string,
		{ offset, count, sort, projection, sourceType }: ClosedRoomsPageOptions,
	): { cursor: ICursor<WithId<IOmnichannelRoom>>; totalCount: Promise<number> } {
		const filter = { t: 'l' as const, contactId, closedAt: { $exists: true }, ...(sourceType !== undefined && { 'source.type': sourceType }) };
		return {
			cursor: this.col.find(filter, { sort, skip: offset, limit: count, projection }),
			totalCount: this.col.countDocuments(filter),
		};
	}

	/** Keeps the denormalized contact name on its livechat rooms in step with the contact. */
	async updateContactNameByContactId(contactId: string, name: string, options: LivechatSession = {}): Promise<void> {
		await this.updateMany({ t: 'l', contactId }, { $set: { fname: name } }, options);
	}
}
