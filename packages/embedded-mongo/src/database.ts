import { mkdirSync, statSync, unlinkSync } from 'node:fs';
import { basename, resolve } from 'node:path';

import type { ChangeStreamOptions, ClientSession, Document } from 'mongodb';

import type { IDatabase } from '@omni/model-typings';

import type { Change } from './changes';
import { EmbeddedChangeStream } from './changeStream';
import { type CollectionHost, EmbeddedCollection } from './collection/embeddedCollection';
import type { IndexDefinition } from './indexes/definition';
import { DirectoryLock } from './lock';
import { encodeValue } from './persistence/codec';
import { nodeIo, type StoreIo } from './persistence/io';
import { JournalWriter } from './persistence/journalWriter';
import { collectionFiles, journalPath, journalSequences, LEGACY_SNAPSHOT_SUFFIX } from './persistence/layout';
import { loadDirectory } from './persistence/load';
import { makePrivate } from './persistence/permissions';
import type { JournalRecord } from './persistence/records';
import { writeSnapshot } from './persistence/snapshot';
import { syncDirectory } from './persistence/sync';
import { DocumentStore } from './store';
import { StoreUnavailableError } from './storeUnavailable';
import { activeSession, EmbeddedSession } from './transaction';
import { undo } from './collection/transactionView';

export interface EmbeddedDatabaseOptions {
	/** Data directory; absent → pure in-memory store. */
	dir?: string;
	/** Resolve writes only after fsync (default true). False: journaled in the background. */
	durable?: boolean;
	/** Database name reported in change events and errors (default: the directory name, or `embedded`). */
	name?: string;
	/** Journal bytes (all journals together) that trigger compaction into snapshots (default 64 MiB). */
	compactAfterBytes?: number;
	/** File operations of the writers (default node:fs); tests inject failures through it (testing/faultyIo.ts). */
	io?: StoreIo;
	/** Receives recovery and failure notices (default: console.warn). */
	onWarning?: (message: string) => void;
}

const DEFAULT_COMPACT_AFTER = 64 * 1024 * 1024;
const COMPACTION_RETRY_MS = 10_000;
/** How long `withTransaction` retries transient errors (the driver's limit). */
const TRANSACTION_RETRY_MS = 120_000;
/** Handed back by writes that have nothing to wait for. */
const RESOLVED: Promise<void> = Promise.resolve();

/** Opens (or creates) an embedded database; with `dir`, loads and locks it. */
export async function openEmbeddedDatabase(options: EmbeddedDatabaseOptions = {}): Promise<EmbeddedDatabase> {
	const database = new EmbeddedDatabase(options);
	await database.open();
	return database;
}

/** A commit appended to the journal but not yet durable: undone if its write fails. */
interface Undurable {
	sequence: number;
	changes: Change[];
}

/**
 * The embedded MongoDB-compatible database: collections in memory, made
 * durable through a snapshot per collection plus one journal shared by all
 * collections (so a transaction over several collections is one atomic
 * journal record, and one fsync covers concurrent writes to any collection).
 *
 * A write is applied to memory, then journaled; its change events are
 * delivered once it is durable. If the journal write fails, every write not
 * yet durable is undone in memory (newest first) and rejects with a
 * StoreUnavailableError; the journal retries on the next write.
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
	private readonly io: StoreIo;
	private readonly warn: (message: string) => void;
	private lock?: DirectoryLock;
	private journal?: JournalWriter;
	private journalSequence = 0;
	/** Bytes in journals older than the current one (not yet compacted). */
	private olderJournalBytes = 0;
	private compacting: Promise<void> | null = null;
	private indexBuilds: Promise<void> = Promise.resolve();
	private eventSequence = 0;
	private commitSequence = 0;
	private readonly undurable: Undurable[] = [];
	/** Bumped by every rollback, so a compaction can tell that what it captured was undone. */
	private rollbacks = 0;
	/** Store version at its last snapshot; absent: the snapshot is missing or stale. */
	private readonly snapshotVersions = new Map<string, number>();
	private compactionRetryAt = 0;
	private openTransactions = 0;
	private closed = false;

	constructor(options: EmbeddedDatabaseOptions) {
		this.dir = options.dir ? resolve(options.dir) : undefined;
		this.durable = options.durable ?? true;
		this.compactAfterBytes = options.compactAfterBytes ?? DEFAULT_COMPACT_AFTER;
		this.databaseName = options.name ?? (this.dir ? basename(this.dir) : 'embedded');
		this.io = options.io ?? nodeIo;
		this.warn = options.onWarning ?? ((message) => console.warn(`embedded-mongo: ${message}`));
	}

	async open(): Promise<void> {
		if (!this.dir) return;
		const dir = this.dir;
		mkdirSync(dir, { recursive: true, mode: 0o700 });
		this.lock = DirectoryLock.acquire(dir);
		try {
			makePrivate(dir);
			const sequences = journalSequences(dir);
			this.journalSequence = (sequences.at(-1) ?? 0) + 1;
			// Opened before loading, so the background index builds start only once `open` no longer waits.
			this.journal = await this.openJournal(this.journalSequence);
			const { legacy, journalTouched } = this.load(dir, sequences);
			this.olderJournalBytes = sequences.reduce((sum, sequence) => sum + statSync(journalPath(dir, sequence)).size, 0);
			for (const [name, store] of this.stores) {
				if (!legacy && !journalTouched.has(name)) this.snapshotVersions.set(name, store.version);
			}
			if (legacy) {
				// One-time migration: rewrite format-1 files as format-2 snapshots.
				await this.compact();
				for (const path of collectionFiles(dir, LEGACY_SNAPSHOT_SUFFIX)) unlinkSync(path);
			}
		} catch (error) {
			// The new journal must not stay behind: it would make the damaged one look older than it is.
			await this.journal?.close().catch(() => undefined);
			this.removeEmptyJournal(dir);
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

	/**
	 * Runs `fn` in a transaction (see EmbeddedSession): its writes are applied
	 * at once when it returns, journaled as one record, or not at all if it
	 * throws. A WriteConflict (a document it wrote was changed outside it
	 * meanwhile) or any other TransientTransactionError runs `fn` again, as
	 * the driver's `withTransaction` does, for up to 120 s.
	 */
	async withTransaction<R>(fn: (session: ClientSession | undefined) => Promise<R>): Promise<R> {
		const started = Date.now();
		for (;;) {
			const session = new EmbeddedSession();
			this.openTransactions++;
			try {
				const result = await fn(session as unknown as ClientSession);
				session.end();
				await this.commitTransaction(session);
				return result;
			} catch (error) {
				if (!isTransient(error) || Date.now() - started >= TRANSACTION_RETRY_MS) throw error;
			} finally {
				session.end();
				this.openTransactions--;
			}
		}
	}

	get transactionsOpen(): boolean {
		return this.openTransactions > 0;
	}

	/**
	 * Stops change streams, waits for the journal to be durable and releases
	 * the directory. No snapshot is written on the way out: the journals are
	 * replayed at the next open (compaction runs in the background once they
	 * pass `compactAfterBytes`); a compaction in progress is abandoned.
	 */
	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		for (const streams of this.streams.values()) {
			for (const stream of [...streams]) await stream.close();
		}
		if (!this.dir) return;
		try {
			await this.compacting?.catch(() => undefined);
			await this.journal?.close();
			this.removeEmptyJournal(this.dir);
		} finally {
			this.lock?.release();
		}
	}

	/**
	 * Writes a fresh snapshot of every collection changed since its last one
	 * and drops the journals they cover. New writes go to a new journal
	 * meanwhile, so writers never wait.
	 */
	async compact(): Promise<void> {
		while (this.compacting) await this.compacting;
		if (!this.dir || !this.journal || this.closed) return;
		this.compacting = this.runCompaction(this.dir).finally(() => {
			this.compacting = null;
		});
		await this.compacting;
	}

	// ---- CollectionHost ----------------------------------------------------

	// Not async, nor is publish: every write passes here, and each suspended async level is a
	// promise plus a frame of garbage per write.
	commit(changes: Change[], options: { session?: unknown } | undefined): Promise<void> {
		if (changes.length === 0) return RESOLVED;
		const session = activeSession(options);
		if (session) {
			session.changes.push(...changes);
			return RESOLVED;
		}
		return this.publish(changes);
	}

	async recordIndex(collection: string, definition: IndexDefinition): Promise<void> {
		await this.append([{ c: collection, i: definition }], []);
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

	private load(dir: string, sequences: number[]): { legacy: boolean; journalTouched: Set<string> } {
		// Indexes are built after the documents are in: replaying a journal
		// passes through intermediate states a unique index would refuse.
		const definitions = new Map<string, Map<string, IndexDefinition>>();
		const journalTouched = new Set<string>();
		let inJournals = false;
		const touch = (collection: string) => {
			if (inJournals) journalTouched.add(collection);
		};
		const { legacy } = loadDirectory(
			dir,
			{
				put: (collection, doc) => {
					touch(collection);
					const store = this.storeFor(collection);
					const slot = store.slotOfId(doc._id);
					if (slot === undefined) store.insert(doc);
					else store.replace(slot, doc);
				},
				putNew: (collection, doc) => {
					this.storeFor(collection).insert(doc);
				},
				delete: (collection, id) => {
					touch(collection);
					const store = this.storeFor(collection);
					const slot = store.slotOfId(id);
					if (slot !== undefined) store.remove(slot);
				},
				index: (collection, definition) => {
					touch(collection);
					const known = definitions.get(collection) ?? new Map<string, IndexDefinition>();
					known.set(definition.name, definition);
					definitions.set(collection, known);
				},
				beginJournals: () => {
					inJournals = true;
				},
			},
			this.warn,
			sequences,
		);
		const builds: Promise<void>[] = [];
		for (const [collection, known] of definitions) {
			const store = this.storeFor(collection);
			for (const definition of known.values()) builds.push(store.addIndex(definition, { background: true }));
		}
		this.indexBuilds = Promise.all(builds).then(() => undefined);
		return { legacy, journalTouched };
	}

	private openJournal(sequence: number): Promise<JournalWriter> {
		return JournalWriter.open(this.io, journalPath(this.dir as string, sequence), this.durable, (error, firstFailed) => this.journalFailed(error, firstFailed));
	}

	private storeFor(name: string): DocumentStore {
		let store = this.stores.get(name);
		if (!store) {
			store = new DocumentStore(`${this.databaseName}.${name}`);
			this.stores.set(name, store);
		}
		return store;
	}

	/** Journals applied changes as one record; their events are delivered once it is durable. */
	private publish(changes: Change[]): Promise<void> {
		if (changes.length === 0) return RESOLVED;
		return this.append(changes.map(toRecord), changes, changes);
	}

	/**
	 * Applies a transaction's writes to the stores in one synchronous step —
	 * all, or none if any document it wrote changed outside it (WriteConflict)
	 * or a unique index refuses one — then journals them as one record.
	 */
	private async commitTransaction(session: EmbeddedSession): Promise<void> {
		const views = [...session.views.values()].map(({ view }) => view).filter((view) => view.touched);
		for (const view of views) view.assertNoConflict();
		const applied: Change[] = [];
		try {
			for (const view of views) applied.push(...view.apply());
		} catch (error) {
			this.rollBack(applied);
			throw error;
		}
		if (applied.length === 0) return;
		await this.append(applied.map(toRecord), applied, session.changes);
	}

	private deliver(changes: Change[]): void {
		for (const change of changes) {
			const streams = this.streams.get(change.collection);
			if (!streams?.size) continue;
			const sequence = ++this.eventSequence;
			for (const stream of streams) stream.deliver(change, sequence);
		}
	}

	/** Journals `records` (undone with `changes` if the write fails), then delivers `events` once durable. */
	private async append(records: JournalRecord[], changes: Change[], events: Change[] = []): Promise<void> {
		const journal = this.journal;
		if (!journal || records.length === 0) {
			this.deliver(events);
			return;
		}
		const sequence = ++this.commitSequence;
		const written = journal.append(Buffer.from(encodeValue(records)), sequence);
		if (this.durable) this.undurable.push({ sequence, changes });
		if (this.olderJournalBytes + journal.bytes > this.compactAfterBytes && !this.compacting && !this.closed && Date.now() >= this.compactionRetryAt) {
			this.compact().catch((error) => {
				this.compactionRetryAt = Date.now() + COMPACTION_RETRY_MS;
				this.warn(`compaction failed (retried in ${COMPACTION_RETRY_MS / 1000} s; the journals stay): ${(error as Error).message}`);
			});
		}
		try {
			await written;
		} catch (error) {
			throw new StoreUnavailableError(error);
		}
		this.settle(sequence);
		this.deliver(events);
	}

	/** Forgets durable commits up to `sequence` (they can no longer be undone). */
	private settle(sequence: number): void {
		let done = 0;
		while (done < this.undurable.length && this.undurable[done].sequence <= sequence) done++;
		this.undurable.splice(0, done);
	}

	/** A journal write failed: undo every commit from `firstFailed` on, newest first. */
	private journalFailed(error: unknown, firstFailed: number): void {
		const index = this.undurable.findIndex((entry) => entry.sequence >= firstFailed);
		const undone = index === -1 ? [] : this.undurable.splice(index);
		for (const entry of undone.reverse()) this.rollBack(entry.changes);
		this.rollbacks++;
		// Writes queued behind the failed ones (e.g. in the next journal during compaction) depended on them.
		this.journal?.failPending(error);
		const code = (error as NodeJS.ErrnoException).code ?? 'error';
		this.warn(`journal write failed (${code}: ${(error as Error).message}); ${undone.length} write(s) not yet durable were undone and rejected${this.durable ? '' : ' (durable: false: writes acknowledged before are lost at the next restart)'}`);
	}

	/** Reverts applied changes (of any collections), newest first. */
	private rollBack(changes: Change[]): void {
		for (const change of [...changes].reverse()) undo(this.storeFor(change.collection), [change]);
	}

	private async runCompaction(dir: string): Promise<void> {
		const next = await this.openJournal(this.journalSequence + 1);
		// One synchronous step: capture the changed collections and switch
		// journals, so the snapshots hold exactly what the old journals hold.
		const previous = this.journal as JournalWriter;
		const coveredSequence = this.journalSequence;
		const rollbacksBefore = this.rollbacks;
		const captured = [...this.stores]
			.filter(([name, store]) => this.snapshotVersions.get(name) !== store.version)
			.map(([name, store]) => ({ name, version: store.version, docs: [...store.documents()], indexes: store.indexDefinitions() }));
		this.journalSequence++;
		this.journal = next;
		this.olderJournalBytes += previous.bytes;
		const closing = previous.close();
		next.startAfter(closing);
		await closing;
		// A write in the old journal failed after the capture: the snapshot would hold undone writes.
		if (this.rollbacks !== rollbacksBefore) return;
		for (const { name, version, docs, indexes } of captured) {
			if (!(await writeSnapshot(this.io, dir, name, docs, indexes, () => this.closed))) return;
			this.snapshotVersions.set(name, version);
		}
		for (const sequence of journalSequences(dir)) {
			if (sequence <= coveredSequence) unlinkSync(journalPath(dir, sequence));
		}
		syncDirectory(dir);
		this.olderJournalBytes = 0;
	}

	private removeEmptyJournal(dir: string): void {
		const path = journalPath(dir, this.journalSequence);
		if (statSync(path, { throwIfNoEntry: false })?.size === 0) unlinkSync(path);
	}

	private assertOpen(): void {
		if (this.closed) throw new Error('The embedded database is closed');
	}
}

function isTransient(error: unknown): boolean {
	return typeof (error as { hasErrorLabel?: unknown })?.hasErrorLabel === 'function' && (error as { hasErrorLabel(label: string): boolean }).hasErrorLabel('TransientTransactionError');
}

function toRecord(change: Change): JournalRecord {
	return change.after ? { c: change.collection, p: change.after } : { c: change.collection, d: change.before?._id };
}
