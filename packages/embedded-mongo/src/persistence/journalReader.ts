import { closeSync, openSync, readSync, statSync, truncateSync } from 'node:fs';

import { decodeValue } from './codec';
import { DataDirectoryDamagedError } from './damage';
import { type Frame, FrameKind, type FrameMeta, contentEnd } from './frame';
import { readFrames, validFramesAfter } from './frameFile';
import { applyRecord, type JournalRecord, type LoadSink } from './records';

/**
 * Replays one journal into `sink`. Only the newest journal may end in a
 * torn last batch (the process died during a write that was never
 * acknowledged): that tail is cut off and reported through `warn`. Damage
 * anywhere else — in an older journal, or followed by records of a later
 * batch (which were only written after the damaged ones were acknowledged) —
 * throws a DataDirectoryDamagedError.
 */
export function replayJournal(dir: string, path: string, newest: boolean, sink: LoadSink, warn: (message: string) => void): void {
	let last: FrameMeta | undefined;
	const stop = readFrames(path, (frame) => {
		applyCommit(dir, path, frame, sink);
		last = frame;
	});
	if (!stop) return;
	const rest = readFrom(path, stop.offset);
	const restEnd = contentEnd(rest);
	const later = validFramesAfter(rest, 1, stop.offset);
	if (restEnd === 0 && later.length === 0) return; // the zero-filled slack after the last record
	const damaged = (reason: string) => new DataDirectoryDamagedError(dir, path, stop.offset, reason);
	if (!newest) throw damaged(`${stop.reason} in a journal that is not the newest`);
	if (!isTornLastBatch(last, later)) {
		throw damaged(`${stop.reason}, followed by ${later.length} intact record(s) of later writes`);
	}
	truncateSync(path, stop.offset);
	warn(`journal ${path}: cut off a torn last write of ${restEnd} byte(s) at byte ${stop.offset} (${stop.reason}); it was never acknowledged`);
}

/** True when every intact frame after the damage belongs to the batch being written when the process stopped. */
function isTornLastBatch(last: FrameMeta | undefined, later: FrameMeta[]): boolean {
	if (later.length === 0) return true;
	const batch = later[0].batch;
	if (later.some((frame) => frame.batch !== batch)) return false;
	// Batches are numbered from 1 in each journal.
	if (!last) return batch === 1;
	return last.following > 0 ? batch === last.batch : batch > last.batch;
}

function applyCommit(dir: string, path: string, frame: Frame, sink: LoadSink): void {
	let records: JournalRecord[];
	try {
		if (frame.kind !== FrameKind.Commit) throw new Error(`unexpected record kind ${frame.kind}`);
		records = decodeValue(frame.payload.toString('utf8')) as JournalRecord[];
	} catch (error) {
		throw new DataDirectoryDamagedError(dir, path, frame.offset, `unreadable record: ${(error as Error).message}`);
	}
	for (const record of records) applyRecord(sink, record);
}

function readFrom(path: string, offset: number): Buffer {
	const size = statSync(path).size;
	const buffer = Buffer.alloc(Math.max(0, size - offset));
	const fd = openSync(path, 'r');
	try {
		let filled = 0;
		while (filled < buffer.length) {
			const read = readSync(fd, buffer, filled, buffer.length - filled, offset + filled);
			if (read === 0) break;
			filled += read;
		}
		return buffer.subarray(0, filled);
	} finally {
		closeSync(fd);
	}
}
