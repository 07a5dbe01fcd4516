import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readSync, truncateSync, unlinkSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { join } from 'node:path';

import type { Document } from 'mongodb';

import { decode, encode } from './ejson';
import type { IndexDefinition } from './indexes/definition';

/**
 * On-disk layout of a data directory:
 *   LOCK                         owner pid (see lock.ts)
 *   collections/<name>.jsonl     snapshot: a header line, then one document per line
 *   journal-<seq>.log            changes since the snapshots, one commit per line
 *
 * Journal records are absolute (put this document / delete this id / define
 * this index), so replaying any journal over a snapshot that already
 * contains some of its changes still ends in the right state. That is what
 * makes compaction crash-safe without coordinating snapshot and journal.
 */
export type JournalRecord = { c: string; p: Document } | { c: string; d: unknown } | { c: string; i: IndexDefinition };

/** Receives what a data directory holds, in replay order. */
export interface LoadSink {
	/** Stores (or overwrites) a document. */
	put(collection: string, doc: Document): void;
	delete(collection: string, id: unknown): void;
	index(collection: string, definition: IndexDefinition): void;
}

const READ_CHUNK = 8 * 1024 * 1024;

export function collectionsDir(dir: string): string {
	return join(dir, 'collections');
}

export function journalPath(dir: string, sequence: number): string {
	return join(dir, `journal-${String(sequence).padStart(8, '0')}.log`);
}

export function journalSequences(dir: string): number[] {
	return readdirSync(dir)
		.map((file) => /^journal-(\d+)\.log$/.exec(file))
		.filter((match): match is RegExpExecArray => match !== null)
		.map((match) => Number(match[1]))
		.sort((a, b) => a - b);
}

/**
 * Loads every snapshot, then replays the journals in order, straight into
 * `sink` (no intermediate copy of a million documents).
 */
export function loadDirectory(dir: string, sink: LoadSink): void {
	mkdirSync(collectionsDir(dir), { recursive: true });
	for (const file of readdirSync(collectionsDir(dir))) {
		if (!file.endsWith('.jsonl')) continue;
		const path = join(collectionsDir(dir), file);
		let name: string | undefined;
		readLines(path, (line, lineNumber) => {
			const value = parseLine(line, path, lineNumber) as Document;
			if (name === undefined) {
				name = value.name as string;
				for (const definition of value.indexes as IndexDefinition[]) sink.index(name, definition);
			} else {
				sink.put(name, value);
			}
		});
	}
	for (const sequence of journalSequences(dir)) {
		replayJournal(journalPath(dir, sequence), (record) => {
			if ('p' in record) sink.put(record.c, record.p);
			else if ('d' in record) sink.delete(record.c, record.d);
			else sink.index(record.c, record.i);
		});
	}
}

/**
 * Replays one journal. A torn last line (the process died mid-append) is
 * cut off; damage anywhere else is an error, since silently skipping a
 * committed write would lose data.
 */
function replayJournal(path: string, apply: (record: JournalRecord) => void): void {
	const torn = readLines(path, (line, lineNumber, isLast) => {
		let records: JournalRecord[];
		try {
			records = decode(line) as JournalRecord[];
		} catch (error) {
			if (isLast) return false;
			throw new Error(`journal ${path} is corrupt at line ${lineNumber}: ${(error as Error).message}`);
		}
		for (const record of records) apply(record);
		return true;
	});
	if (torn !== null) truncateSync(path, torn);
}

function parseLine(line: string, path: string, lineNumber: number): unknown {
	try {
		return decode(line);
	} catch (error) {
		throw new Error(`snapshot ${path} is corrupt at line ${lineNumber}: ${(error as Error).message}`);
	}
}

/**
 * Calls `onLine` for each non-empty line. If the callback returns false for
 * the last line, returns the byte offset where that line starts (the length
 * to truncate to); otherwise null.
 */
function readLines(path: string, onLine: (line: string, lineNumber: number, isLast: boolean) => boolean | void): number | null {
	const fd = openSync(path, 'r');
	try {
		const buffer = Buffer.alloc(READ_CHUNK);
		let carry = Buffer.alloc(0);
		let carryOffset = 0;
		let lineNumber = 0;
		for (let ended = false; !ended; ) {
			let read = readSync(fd, buffer, 0, READ_CHUNK, null);
			if (read === 0) break;
			// Journals are zero-filled ahead of their content: the first NUL ends the data.
			const nul = buffer.subarray(0, read).indexOf(0);
			if (nul !== -1) {
				read = nul;
				ended = true;
			}
			const chunk = carry.length ? Buffer.concat([carry, buffer.subarray(0, read)]) : buffer.subarray(0, read);
			let start = 0;
			for (let newline = chunk.indexOf(10, start); newline !== -1; newline = chunk.indexOf(10, start)) {
				lineNumber++;
				if (newline > start) onLine(chunk.toString('utf8', start, newline), lineNumber, false);
				start = newline + 1;
			}
			carryOffset += start;
			carry = Buffer.from(chunk.subarray(start));
		}
		if (carry.length > 0) {
			// No trailing newline: the last append may have been cut short.
			if (onLine(carry.toString('utf8'), lineNumber + 1, true) === false) return carryOffset;
			return null;
		}
		return null;
	} finally {
		closeSync(fd);
	}
}

/** Writes a collection snapshot atomically: temp file, fsync, rename, fsync directory. */
export async function writeSnapshot(dir: string, name: string, docs: Document[], indexes: IndexDefinition[]): Promise<void> {
	const target = join(collectionsDir(dir), `${encodeURIComponent(name)}.jsonl`);
	const temp = `${target}.tmp`;
	const handle = await open(temp, 'w');
	try {
		await handle.write(`${encode({ name, indexes })}\n`);
		const batch: string[] = [];
		for (let i = 0; i < docs.length; i++) {
			batch.push(encode(docs[i]));
			if (batch.length === 2000 || i === docs.length - 1) {
				await handle.write(`${batch.join('\n')}\n`);
				batch.length = 0;
			}
		}
		await handle.datasync();
	} finally {
		await handle.close();
	}
	await rename(temp, target);
	syncDirectory(collectionsDir(dir));
}

export function removeJournals(dir: string, upTo: number): void {
	for (const sequence of journalSequences(dir)) {
		if (sequence <= upTo) unlinkSync(journalPath(dir, sequence));
	}
	syncDirectory(dir);
}

export function syncDirectory(dir: string): void {
	const fd = openSync(dir, 'r');
	try {
		fsyncSync(fd);
	} finally {
		closeSync(fd);
	}
}
