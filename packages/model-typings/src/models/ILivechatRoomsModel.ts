import type { IOmnichannelRoom } from '@rocket.chat/core-typings';
import type { FindOptions, WithId } from 'mongodb';

import type { IBaseModel } from '../IBaseModel';
import type { LivechatSession } from '../livechat';
import type { ICursor } from '../ICollection';
import type { RoomClosing, VisitorAssociation } from '../livechat';

type Session = LivechatSession;

/** The `LivechatRooms` model (see `@omni/models`). */
export interface ILivechatRoomsModel extends IBaseModel<IOmnichannelRoom> {
	insertRoom(room: IOmnichannelRoom, options?: Session): Promise<boolean>;

	findOneOpenByVisitorToken(token: string, options?: FindOptions): Promise<WithId<IOmnichannelRoom> | null>;

	findOneOpenByRoomIdAndVisitorToken(_id: string, token: string, options?: FindOptions): Promise<WithId<IOmnichannelRoom> | null>;

	findOneByIdAndVisitorToken(_id: string, token: string, options?: FindOptions): Promise<WithId<IOmnichannelRoom> | null>;

	findOneLivechatById(_id: string, options?: FindOptions): Promise<WithId<IOmnichannelRoom> | null>;

	findOneOpenByAssociation(association: VisitorAssociation, options?: FindOptions): Promise<WithId<IOmnichannelRoom> | null>;

	countOpenByVisitorId(visitorId: string): Promise<number>;

	countOpenByContactId(contactId: string): Promise<number>;

	findIdsByVisitorId(visitorId: string): ICursor<{ _id: string }>;

	removeByIds(ids: string[], options?: Session): Promise<unknown>;

	setContactByAssociation(association: VisitorAssociation, contact: { _id: string; name: string }, options?: Session): Promise<unknown>;

	/** Every livechat room of these contacts now belongs to `contactId` (a contact merge). */
	repointContacts(fromContactIds: string[], contactId: string, options?: Session): Promise<unknown>;

	setServedBy(_id: string, servedBy: { _id: string; username: string; ts: Date }, options?: Session): Promise<boolean>;

	closeOpenRoom(_id: string, closing: RoomClosing, options?: Session): Promise<WithId<IOmnichannelRoom> | null>;

	recordMessage(
		_id: string,
		message: { _id: string; ts: Date } & Record<string, unknown>,
		{ asLastMessage, visitorMessage }: { asLastMessage: boolean; visitorMessage: boolean },
		options?: Session,
	): Promise<unknown>;

	setVisitorActivity(_id: string, activity: string[]): Promise<unknown>;

	setLivechatData(_id: string, key: string, value: string): Promise<unknown>;

	findOpenByVisitorToken(token: string, options?: FindOptions): ICursor<WithId<IOmnichannelRoom>>;
}
