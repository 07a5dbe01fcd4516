import type { Document } from 'mongodb';

/** One applied document change: the unit of journaling, rollback and change events. */
export interface Change {
	collection: string;
	operationType: 'insert' | 'update' | 'replace' | 'delete';
	before?: Document;
	after?: Document;
	updateDescription?: { updatedFields: Record<string, unknown>; removedFields: string[] };
}
