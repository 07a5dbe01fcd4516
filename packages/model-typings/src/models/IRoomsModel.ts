import type { IOmnichannelRoom } from '@rocket.chat/core-typings';
import type { Document, WithId } from 'mongodb';

import type { IBaseModel } from '../IBaseModel';
import type { ICursor } from '../ICollection';
import type { LivechatSession } from '../livechat';

export type ClosedRoomsPageOptions = {
	offset: number;
	count: number;
	sort: Record<string, 1 | -1>;
	projection: Document;
	/** Only rooms whose `source.type` is this (the Enterprise history filter). */
	sourceType?: string;
};

/** `rocketchat_room`, livechat rooms (`t: 'l'`). */
export interface IRoomsModel extends IBaseModel<IOmnichannelRoom> {
	/** A contact's closed livechat conversations, one page plus the total. */
	findClosedRoomsByContactId(contactId: string, page: ClosedRoomsPageOptions): { cursor: ICursor<WithId<IOmnichannelRoom>>; totalCount: Promise<number> };
	/** Keeps the denormalized contact name on its livechat rooms in step with the contact. */
	updateContactNameByContactId(contactId: string, name: string, options?: LivechatSession): Promise<void>;
}
