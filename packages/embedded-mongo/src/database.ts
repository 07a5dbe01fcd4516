import { mkdirSync } from 'node:fs';
import { basename, resolve } from 'node:path';

import type { ChangeStreamOptions, ClientSession, Document } from 'mongodb';

import type { IDatabase } from '@omni/model-typings';

import type { Change } from './changes';
import { EmbeddedChangeStream } from './changeStream';
import { type CollectionHost, EmbeddedCollection } from './collection/embeddedCollection';
import { encode } from './ejson';
import type { IndexDefinition } from './indexes/definition';
import { JournalWriter } from './journal';
import { DirectoryLock } from './lock';
import { type JournalRecord, journalPath, journalSequences, loadDirectory, removeJournals, writeSnapshot } from './persistence';
import { DocumentStore } from './store';
import { activeSession, EmbeddedSession } from './transaction';

export interface EmbeddedDatabaseOptions {
	/** Data directory; absent → pure in-memory store. */
	dir?: string;
	/** Resolve writes only after fsync (default true). False: journaled in the background. */
	durable?: boolean;
	/** Database name reported in change events and errors (default: the directory name, or `embedded`). */
	name?: string;
	/** Journal size that triggers compaction into snapshots (default 64 MiB). */
	compactAfterBytes?: number;
}

const DEFAULT_COMPACT_AFTER = 64 * 1024 * 1024;

/** Opens (or creates) an embedded database; with `dir`, loads and locks it. */
export async function openEmbeddedDatabase(options: EmbeddedDatabaseOptions = {}): Promise<EmbeddedDatabase> {
	const database = new EmbeddedDatabase(options);
	await database.open();
	return database;
}

/**
 * The embedded MongoDB-compatible database: collections in memory, made
 * durable through a snapshot per collection plus one journal shared by all
 * collections (so a transaction over several collections is one atomic
 * journal line, and one fsync covers concurrent writes to any collection).
 */
export class EmbeddedDatabase implements IDatabase, CollectionHost {
	readonly sharedChangeEvents = false;
	readonly supportsSubstringIndexes = true;
	readonly databaseName: string;

	private readonly stores = new Map<string, DocumentStore>();
	private readonly collections = new Map<string, EmbeddedCollection>();
	private readonly streams = new Map<string, Set<EmbeddedChangeStream>>();
	private readonly dir?: string;
	private readonly durable: boolean;
	private readonly compactAfterBytes: number;
	private lock?: DirectoryLock;
	private journal?: JournalWriter;
	private journalSequence = 0;
	private compacting: Promise<void> | null = null;
	private indexBuilds: Promise<void> = Promise.resolve();
	private eventSequence = 0;
	private closed = false;

	constructor(options: EmbeddedDatabaseOptions) {
		this.dir = options.dir ? resolve(options.dir) : undefined;
		this.durable = options.durable ?? true;
		this.compactAfterBytes = options.compactAfterBytes ?? DEFAULT_COMPACT_AFTER;
		this.databaseName = options.name ?? (this.dir ? basename(this.dir) : 'embedded');
	}

	async open(): Promise<void> {
		if (!this.dir) return;
		mkdirSync(this.dir, { recursive: true });
		this.lock = DirectoryLock.acquire(this.dir);
		try {
			this.journalSequence = (journalSequences(this.dir).at(-1) ?? 0) + 1;
			this.journal = await JournalWriter.open(journalPath(this.dir, this.journalSequence), this.durable);
			// Indexes are built after the documents are in: replaying a journal
			// passes through intermediate states a unique index would refuse.
			const definitions = new Map<string, Map<string, IndexDefinition>>();
			loadDirectory(this.dir, {
				put: (collection, doc) => {
					const store = this.storeFor(collection);
					const slot = store.slotOfId(doc._id);
					if (slot === undefined) store.insert(doc);
					else store.replace(slot, doc);
				},
				delete: (collection, id) => {
					const store = this.storeFor(collection);
					const slot = store.slotOfId(id);
					if (slot !== undefined) store.remove(slot);
				},
				index: (collection, definition) => {
					const known = definitions.get(collection) ?? new Map<string, IndexDefinition>();
					known.set(definition.name, definition);
					definitions.set(collection, known);
				},
			});
			const builds: Promise<void>[] = [];
			for (const [collection, known] of definitions) {
				const store = this.storeFor(collection);
				for (const definition of known.values()) builds.push(store.addIndex(definition, { background: true }));
			}
			this.indexBuilds = Promise.all(builds).then(() => undefined);
		} catch (error) {
			await this.journal?.close();
			this.lock.release();
			throw error;
		}
	}

	/**
	 * Resolves once the indexes loaded at open are built. Until then the
	 * store answers every query correctly, but unbuilt indexes are not used
	 * (unique indexes are always built before `open` resolves).
	 */
	whenIndexesBuilt(): Promise<void> {
		return this.indexBuilds;
	}

	collection<T extends Document = Document>(name: string): EmbeddedCollection<T> {
		this.assertOpen();
		let collection = this.collections.get(name);
		if (!collection) {
			collection = new EmbeddedCollection(this, name, this.storeFor(name));
			this.collections.set(name, collection);
		}
		return collection as unknown as EmbeddedCollection<T>;
	}

	async withTransaction<R>(fn: (session: ClientSession | undefined) => Promise<R>): Promise<R> {
		const session = new EmbeddedSession();
		let result: R;
		try {
			result = await fn(session as unknown as ClientSession);
		} catch (error) {
			session.end();
			this.rollBack(session.changes);
			throw error;
		}
		session.end();
		await this.publish(session.changes);
		return result;
	}

	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		for (const streams of this.streams.values()) {
			for (const stream of [...streams]) await stream.close();
		}
		if (this.dir) {
			await this.compact();
			await this.journal?.close();
			this.lock?.release();
		}
	}

	/**
	 * Writes every collection to a fresh snapshot and drops the journals they
	 * cover. New writes go to a new journal meanwhile, so writers never wait.
	 */
	async compact(): Promise<void> {
		while (this.compacting) await this.compacting;
		if (!this.dir || !this.journal) return;
		this.compacting = this.runCompaction(this.dir).finally(() => {
			this.compacting = null;
		});
		await this.compacting;
	}

	// ---- CollectionHost ----------------------------------------------------

	async commit(changes: Change[], options: { session?: unknown } | undefined): Promise<void> {
		if (changes.length === 0) return;
		const session = activeSession(options);
		if (session) {
			session.changes.push(...changes);
			return;
		}
		await this.publish(changes);
	}

	async recordIndex(collection: string, definition: IndexDefinition): Promise<void> {
		await this.append([{ c: collection, i: definition }]);
	}

	watch(collection: string, pipeline: Document[], options: ChangeStreamOptions): EmbeddedChangeStream {
		this.assertOpen();
		let streams = this.streams.get(collection);
		if (!streams) {
			streams = new Set();
			this.streams.set(collection, streams);
		}
		const stream = new EmbeddedChangeStream(this.databaseName, pipeline, options, (closed) => streams.delete(closed));
		streams.add(stream);
		return stream;
	}

	documentsOf(collection: string): Document[] {
		return [...this.storeFor(collection).documents()];
	}

	// ---- internals ---------------------------------------------------------

	private storeFor(name: string): DocumentStore {
		let store = this.stores.get(name);
		if (!store) {
			store = new DocumentStore(`${this.databaseName}.${name}`);
			this.stores.set(name, store);
		}
		return store;
	}

	/** Emits change events, then journals the changes as one line. */
	private publish(changes: Change[]): Promise<void> {
		for (const change of changes) {
			const streams = this.streams.get(change.collection);
			if (!streams?.size) continue;
			const sequence = ++this.eventSequence;
			for (const stream of streams) stream.deliver(change, sequence);
		}
		return this.append(changes.map(toRecord));
	}

	private append(records: JournalRecord[]): Promise<void> {
		if (!this.journal || records.length === 0) return Promise.resolve();
		const written = this.journal.append(encode(records));
		if (this.journal.bytes > this.compactAfterBytes && !this.compacting) {
			this.compact().catch((error) => process.emitWarning(`embedded-mongo compaction failed: ${(error as Error).message}`));
		}
		return written;
	}

	private rollBack(changes: Change[]): void {
		for (const change of [...changes].reverse()) {
			const store = this.storeFor(change.collection);
			const id = (change.after ?? change.before)?._id;
			const slot = store.slotOfId(id);
			if (change.before === undefined) {
				if (slot !== undefined) store.remove(slot);
			} else if (slot === undefined) {
				store.insert(change.before);
			} else {
				store.replace(slot, change.before);
			}
		}
	}

	private async runCompaction(dir: string): Promise<void> {
		const next = await JournalWriter.open(journalPath(dir, this.journalSequence + 1), this.durable);
		// One synchronous step: capture every collection and switch journals,
		// so the snapshots hold exactly what the old journals hold.
		const previous = this.journal as JournalWriter;
		const coveredSequence = this.journalSequence;
		const captured = [...this.stores].map(([name, store]) => ({ name, docs: [...store.documents()], indexes: store.indexDefinitions() }));
		this.journalSequence++;
		this.journal = next;
		await previous.close();
		for (const { name, docs, indexes } of captured) {
			await writeSnapshot(dir, name, docs, indexes);
		}
		removeJournals(dir, coveredSequence);
	}

	private assertOpen(): void {
		if (this.closed) throw new Error('The embedded database is closed');
	}
}

function toRecord(change: Change): JournalRecord {
	return change.after ? { c: change.collection, p: change.after } : { c: change.collection, d: change.before?._id };
}
