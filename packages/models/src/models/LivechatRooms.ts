import type { IOmnichannelRoom } from '@rocket.chat/core-typings';
import type { ClientSession, Filter, FindOptions, IndexDescription, UpdateFilter, WithId } from 'mongodb';

import type { VisitorAssociation, RoomClosing, ICursor, IDatabase, ILivechatRoomsModel } from '@omni/model-typings';

import { BaseRaw } from '../BaseRaw';
import { isDuplicateKeyError } from '../isDuplicateKeyError';


type Session = { session?: ClientSession };

/** Rooms of one visitor on one source type (and source id, when the source has one). */
function roomsOfAssociation({ visitorId, source }: VisitorAssociation): Filter<IOmnichannelRoom> {
	return { 't': 'l', 'v._id': visitorId, 'source.type': source.type, ...(source.id && { 'source.id': source.id }) } as Filter<IOmnichannelRoom>;
}

/**
 * `rocketchat_room`, livechat rooms (`t: 'l'`). Shares the collection with
 * `Rooms`; these are the queries the visitor/room subsystem runs.
 */
export class LivechatRoomsRaw extends BaseRaw<IOmnichannelRoom> implements ILivechatRoomsModel {
	constructor(db: IDatabase) {
		super(db, 'room');
	}

	/** `false` when the visitor already has an open room (the unique `v_token_open_unique` index refused a second one). */
	async insertRoom(room: IOmnichannelRoom, options: Session = {}): Promise<boolean> {
		try {
			await this.col.insertOne({ ...room, _updatedAt: new Date() } as never, options);
			return true;
		} catch (error) {
			if (isDuplicateKeyError(error, 'v.token')) {
				return false;
			}
			throw error;
		}
	}

	findOneOpenByVisitorToken(token: string, options?: FindOptions): Promise<WithId<IOmnichannelRoom> | null> {
		return this.col.findOne({ 't': 'l', 'open': true, 'v.token': token } as Filter<IOmnichannelRoom>, options);
	}

	findOneOpenByRoomIdAndVisitorToken(_id: string, token: string, options?: FindOptions): Promise<WithId<IOmnichannelRoom> | null> {
		return this.col.findOne({ _id, 't': 'l', 'open': true, 'v.token': token } as Filter<IOmnichannelRoom>, options);
	}

	/** Open or closed. */
	findOneByIdAndVisitorToken(_id: string, token: string, options?: FindOptions): Promise<WithId<IOmnichannelRoom> | null> {
		return this.col.findOne({ _id, 't': 'l', 'v.token': token } as Filter<IOmnichannelRoom>, options);
	}

	findOneLivechatById(_id: string, options?: FindOptions): Promise<WithId<IOmnichannelRoom> | null> {
		return this.col.findOne({ _id, t: 'l' }, options);
	}

	findOneOpenByAssociation(association: VisitorAssociation, options?: FindOptions): Promise<WithId<IOmnichannelRoom> | null> {
		return this.col.findOne({ ...roomsOfAssociation(association), open: true } as Filter<IOmnichannelRoom>, options);
	}

	countOpenByVisitorId(visitorId: string): Promise<number> {
		return this.col.countDocuments({ 't': 'l', 'open': true, 'v._id': visitorId } as Filter<IOmnichannelRoom>);
	}

	countOpenByContactId(contactId: string): Promise<number> {
		return this.col.countDocuments({ t: 'l', open: true, contactId });
	}

	findIdsByVisitorId(visitorId: string): ICursor<{ _id: string }> {
		return this.col.find({ 't': 'l', 'v._id': visitorId } as Filter<IOmnichannelRoom>, { projection: { _id: 1 } });
	}

	removeByIds(ids: string[], options: Session = {}): Promise<unknown> {
		return this.col.deleteMany({ _id: { $in: ids } }, options);
	}

	/** Links every room of a visitor on a source to its contact (Rocket.Chat's `setContactByVisitorAssociation`). */
	setContactByAssociation(association: VisitorAssociation, contact: { _id: string; name: string }, options: Session = {}): Promise<unknown> {
		return this.updateMany(roomsOfAssociation(association), { $set: { contactId: contact._id, fname: contact.name } }, options);
	}

	/** Every livechat room of these contacts now belongs to `contactId` (a contact merge). */
	repointContacts(fromContactIds: string[], contactId: string, options: Session = {}): Promise<unknown> {
		return this.updateMany({ t: 'l', contactId: { $in: fromContactIds } } as Filter<IOmnichannelRoom>, { $set: { contactId } }, options);
	}

	/** Serves an open room; `false` when it is closed or already served by someone. */
	async setServedBy(_id: string, servedBy: { _id: string; username: string; ts: Date }, options: Session = {}): Promise<boolean> {
		const { modifiedCount } = await this.updateOne(
			{ _id, t: 'l', open: true, servedBy: { $exists: false } } as Filter<IOmnichannelRoom>,
			{ $set: { servedBy }, $inc: { usersCount: 1 } } as UpdateFilter<IOmnichannelRoom>,
			options,
		);
		return modifiedCount > 0;
	}

	/** Closes an open room (its `open` flag is unset, not `false`); `null` when it was not open. */
	closeOpenRoom(_id: string, closing: RoomClosing, options: Session = {}): Promise<WithId<IOmnichannelRoom> | null> {
		const { chatDuration, serviceTimeDuration, ...fields } = closing;
		return this.findOneAndUpdate(
			{ _id, t: 'l', open: true } as Filter<IOmnichannelRoom>,
			{
				$set: {
					...fields,
					'v.status': 'offline',
					'metrics.chatDuration': chatDuration,
					...(serviceTimeDuration !== undefined && { 'metrics.serviceTimeDuration': serviceTimeDuration }),
				},
				$unset: { open: 1 },
			} as UpdateFilter<IOmnichannelRoom>,
			options,
		);
	}

	/** Counts a message and, for the ones that represent the conversation, makes it the last one. */
	recordMessage(
		_id: string,
		message: { _id: string; ts: Date } & Record<string, unknown>,
		{ asLastMessage, visitorMessage }: { asLastMessage: boolean; visitorMessage: boolean },
		options: Session = {},
	): Promise<unknown> {
		return this.updateOne(
			{ _id },
			{
				$inc: { msgs: 1 },
				...((asLastMessage || visitorMessage) && {
					$set: {
						...(asLastMessage && { lastMessage: message, lm: message.ts }),
						...(visitorMessage && { 'v.lastMessageTs': message.ts, 'waitingResponse': true }),
					},
				}),
			} as UpdateFilter<IOmnichannelRoom>,
			options,
		);
	}

	setVisitorActivity(_id: string, activity: string[]): Promise<unknown> {
		return this.updateOne({ _id }, { $set: { 'v.activity': activity } } as UpdateFilter<IOmnichannelRoom>);
	}

	setLivechatData(_id: string, key: string, value: string): Promise<unknown> {
		return this.updateOne({ _id }, { $set: { [`livechatData.${key}`]: value } } as UpdateFilter<IOmnichannelRoom>);
	}

	findOpenByVisitorToken(token: string, options?: FindOptions): ICursor<WithId<IOmnichannelRoom>> {
		return this.col.find({ 't': 'l', 'open': true, 'v.token': token } as Filter<IOmnichannelRoom>, options);
	}

	protected override modelIndexes(): IndexDescription[] {
		return [
			// One open livechat room per visitor token: two concurrent room requests cannot both create one.
			{ key: { 'v.token': 1 }, name: 'v_token_open_unique', unique: true, partialFilterExpression: { t: 'l', open: true } },
			{ key: { 'v._id': 1, 'source.type': 1 }, sparse: true },
			{ key: { open: 1 }, sparse: true },
		];
	}
}
