import type { Document } from 'mongodb';

import type { IndexDefinition } from '../indexes/definition';

/** One change in a journal commit: put this document / delete this id / define this index. */
export type JournalRecord = { c: string; p: Document } | { c: string; d: unknown } | { c: string; i: IndexDefinition };

/** Receives what a data directory holds, in replay order. */
export interface LoadSink {
	/** Stores (or overwrites) a document. */
	put(collection: string, doc: Document): void;
	/** Stores a document known to be new (snapshot documents have distinct ids); defaults to `put`. */
	putNew?(collection: string, doc: Document): void;
	delete(collection: string, id: unknown): void;
	index(collection: string, definition: IndexDefinition): void;
	/** Called once the snapshots are loaded, before the journals are replayed. */
	beginJournals?(): void;
}

export function applyRecord(sink: LoadSink, record: JournalRecord): void {
	if ('p' in record) sink.put(record.c, record.p);
	else if ('d' in record) sink.delete(record.c, record.d);
	else sink.index(record.c, record.i);
}
