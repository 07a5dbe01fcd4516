import { closeSync, openSync, readSync, truncateSync } from 'node:fs';

import type { Document } from 'mongodb';

import { decode } from '../ejson';
import type { IndexDefinition } from '../indexes/definition';
import { DataDirectoryDamagedError } from './damage';
import { applyRecord, type JournalRecord, type LoadSink } from './records';

/*
 * Format 1 (relaxed EJSON lines, no checksums), read once so directories
 * written before format 2 open; the database then rewrites everything as
 * format 2 and removes these files.
 */

const READ_CHUNK = 8 * 1024 * 1024;

/** True when the journal at `path` is a format-1 (text) journal. */
export function isLegacyJournal(path: string): boolean {
	const fd = openSync(path, 'r');
	try {
		const first = Buffer.alloc(1);
		return readSync(fd, first, 0, 1, 0) === 1 && first[0] === 0x5b; // '['
	} finally {
		closeSync(fd);
	}
}

/** Loads a format-1 snapshot (a header line, then one EJSON document per line); returns the collection name. */
export function readLegacySnapshot(dir: string, path: string, sink: LoadSink): string {
	let name: string | undefined;
	readLines(path, (line, offset) => {
		const value = parse(dir, path, line, offset) as Document;
		if (name === undefined) {
			name = value.name as string;
			for (const definition of value.indexes as IndexDefinition[]) sink.index(name, definition);
		} else {
			sink.put(name, value);
		}
	});
	if (name === undefined) throw new DataDirectoryDamagedError(dir, path, 0, 'empty snapshot');
	return name;
}

/** Replays a format-1 journal; a torn last line is cut off, damage elsewhere throws. */
export function replayLegacyJournal(dir: string, path: string, sink: LoadSink, warn: (message: string) => void): void {
	const torn = readLines(path, (line, offset, isLast) => {
		let records: JournalRecord[];
		try {
			records = decode(line) as JournalRecord[];
		} catch (error) {
			if (isLast) return false;
			throw new DataDirectoryDamagedError(dir, path, offset, `unreadable line: ${(error as Error).message}`);
		}
		for (const record of records) applyRecord(sink, record);
		return true;
	});
	if (torn !== null) {
		truncateSync(path, torn);
		warn(`journal ${path}: cut off a torn last line at byte ${torn}`);
	}
}

function parse(dir: string, path: string, line: string, offset: number): unknown {
	try {
		return decode(line);
	} catch (error) {
		throw new DataDirectoryDamagedError(dir, path, offset, `unreadable line: ${(error as Error).message}`);
	}
}

/**
 * Calls `onLine` for each non-empty line with its byte offset. If the
 * callback returns false for the last line (no newline after it), returns
 * that line's offset (the length to truncate to); otherwise null.
 */
export function readLines(path: string, onLine: (line: string, offset: number, isLast: boolean) => boolean | void): number | null {
	const fd = openSync(path, 'r');
	try {
		const buffer = Buffer.alloc(READ_CHUNK);
		let carry = Buffer.alloc(0);
		let carryOffset = 0;
		for (let ended = false; !ended; ) {
			let read = readSync(fd, buffer, 0, READ_CHUNK, null);
			if (read === 0) break;
			// Format-1 journals are zero-filled ahead of their content: the first NUL ends the data.
			const nul = buffer.subarray(0, read).indexOf(0);
			if (nul !== -1) {
				read = nul;
				ended = true;
			}
			const chunk = carry.length ? Buffer.concat([carry, buffer.subarray(0, read)]) : buffer.subarray(0, read);
			let start = 0;
			for (let newline = chunk.indexOf(10, start); newline !== -1; newline = chunk.indexOf(10, start)) {
				if (newline > start) onLine(chunk.toString('utf8', start, newline), carryOffset + start, false);
				start = newline + 1;
			}
			carryOffset += start;
			carry = Buffer.from(chunk.subarray(start));
		}
		if (carry.length > 0 && onLine(carry.toString('utf8'), carryOffset, true) === false) return carryOffset;
		return null;
	} finally {
		closeSync(fd);
	}
}
