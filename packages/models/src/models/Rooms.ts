import type { IOmnichannelRoom } from '@rocket.chat/core-typings';
import type { Document, IndexDescription, WithId } from 'mongodb';

import { BaseRaw } from '../BaseRaw';
import type { ICursor, IDatabase } from '../ICollection';

export type ClosedRoomsPageOptions = {
	offset: number;
	count: number;
	sort: Record<string, 1 | -1>;
	projection: Document;
};

/**
 * `rocketchat_room`. Only the livechat-room queries the contacts API needs;
 * rooms are written by the visitor/room subsystem once it exists.
 */
export class RoomsRaw extends BaseRaw<IOmnichannelRoom> {
	constructor(db: IDatabase) {
		super(db, 'room');
	}

	protected override modelIndexes(): IndexDescription[] {
		return [{ key: { contactId: 1 }, sparse: true }];
	}

	/** A contact's closed livechat conversations, one page plus the total. */
	findClosedRoomsByContactId(
		contactId: string,
		{ offset, count, sort, projection }: ClosedRoomsPageOptions,
	): { cursor: ICursor<WithId<IOmnichannelRoom>>; totalCount: Promise<number> } {
		const filter = { t: 'l' as const, contactId, closedAt: { $exists: true } };
		return {
			cursor: this.col.find(filter, { sort, skip: offset, limit: count, projection }),
			totalCount: this.col.countDocuments(filter),
		};
	}

	/** Keeps the denormalized contact name on its livechat rooms in step with the contact. */
	async updateContactNameByContactId(contactId: string, name: string): Promise<void> {
		await this.updateMany({ t: 'l', contactId }, { $set: { fname: name } });
	}
}
