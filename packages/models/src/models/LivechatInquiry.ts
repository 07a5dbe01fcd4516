import type { ILivechatInquiryRecord } from '@rocket.chat/core-typings';
import type { ClientSession, Filter, FindOptions, IndexDescription, UpdateFilter, WithId } from 'mongodb';

import type { QueuedInquiriesPage, ICursor, IDatabase, ILivechatInquiryModel } from '@omni/model-typings';

import { BaseRaw } from '../BaseRaw';


type Session = { session?: ClientSession };

/** What `queuedForUser` shows an agent: its own requests, or unaddressed ones of its departments (or none). */
function queuedForAgent(agentId: string, departments: string[]): Filter<ILivechatInquiryRecord> {
	return {
		status: 'queued',
		$or: [
			{ 'defaultAgent.agentId': agentId },
			{ defaultAgent: { $exists: false }, $or: [{ department: { $in: departments } }, { department: { $exists: false } }] },
		],
	} as Filter<ILivechatInquiryRecord>;
}

/** `rocketchat_livechat_inquiry`: one routing request per open livechat room. */
export class LivechatInquiryRaw extends BaseRaw<ILivechatInquiryRecord> implements ILivechatInquiryModel {
	constructor(db: IDatabase) {
		super(db, 'livechat_inquiry');
	}

	insertInquiry(inquiry: Omit<ILivechatInquiryRecord, '_updatedAt'>, options: Session = {}): Promise<unknown> {
		return this.col.insertOne({ ...inquiry, _updatedAt: new Date() } as never, options);
	}

	findOneByRoomId(rid: string, options?: FindOptions): Promise<WithId<ILivechatInquiryRecord> | null> {
		return this.col.findOne({ rid }, options);
	}

	/**
	 * The atomic claim of a take: only one caller moves an untaken inquiry to
	 * `taken`; everyone else gets `null`.
	 */
	claimForTake(_id: string, options: Session = {}): Promise<WithId<ILivechatInquiryRecord> | null> {
		return this.findOneAndUpdate(
			{ _id, status: { $ne: 'taken' } } as Filter<ILivechatInquiryRecord>,
			{ $set: { status: 'taken', takenAt: new Date() }, $unset: { defaultAgent: 1, queuedAt: 1 } } as UpdateFilter<ILivechatInquiryRecord>,
			options,
		);
	}

	removeByRoomId(rid: string, options: Session = {}): Promise<{ deletedCount: number }> {
		return this.col.deleteOne({ rid }, options);
	}

	removeByRoomIds(rids: string[], options: Session = {}): Promise<unknown> {
		return this.col.deleteMany({ rid: { $in: rids } }, options);
	}

	/** While an inquiry waits, the visitor's latest message is shown with it. */
	setLastMessageIfQueued(rid: string, lastMessage: Record<string, unknown>, options: Session = {}): Promise<unknown> {
		return this.updateOne({ rid, status: 'queued' } as Filter<ILivechatInquiryRecord>, { $set: { lastMessage } } as unknown as UpdateFilter<ILivechatInquiryRecord>, options);
	}

	updateNameByVisitorIds(visitorIds: string[], name: string, options: Session = {}): Promise<unknown> {
		return this.updateMany({ 'v._id': { $in: visitorIds } } as Filter<ILivechatInquiryRecord>, { $set: { name } }, options);
	}

	findQueuedForAgent(agentId: string, departments: string[], { offset, count, sort }: QueuedInquiriesPage): { cursor: ICursor<WithId<ILivechatInquiryRecord>>; total: Promise<number> } {
		const filter = queuedForAgent(agentId, departments);
		return { cursor: this.col.find(filter, { sort, skip: offset, ...(count > 0 && { limit: count }) }), total: this.col.countDocuments(filter) };
	}

	protected override modelIndexes(): IndexDescription[] {
		return [
			// One inquiry per room, so a replayed or concurrent creation cannot queue a room twice.
			{ key: { rid: 1 }, unique: true },
			{ key: { status: 1, queuedAt: 1 } },
			{ key: { 'v._id': 1 } },
			{ key: { 'defaultAgent.agentId': 1 }, sparse: true },
		];
	}
}
