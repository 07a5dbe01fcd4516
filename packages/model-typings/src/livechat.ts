import type { ClientSession, Document } from 'mongodb';

/** Writes that take part in a transaction pass its session. */
export type LivechatSession = { session?: ClientSession };

/** A visitor on one source: the key a contact channel and its rooms share. */
export type VisitorAssociation = { visitorId: string; source: { type: string; id?: string } };

export type RoomClosing = {
	closedAt: Date;
	closedBy: { _id: string; username: string };
	closer: 'user' | 'visitor';
	chatDuration: number;
	serviceTimeDuration?: number;
	tags?: string[];
};

export type QueuedInquiriesPage = { offset: number; count: number; sort: Record<string, 1 | -1> };

export type MessageHistoryQuery = { end?: Date; offset: number; limit: number };

export type { Document };
