import { closeSync, openSync, readSync } from 'node:fs';

import { type Frame, type FrameMeta, isZero, nextMagic, parseFrame } from './frame';

const READ_CHUNK = 8 * 1024 * 1024;

/** Where and why a sequential read of frames stopped before the end of the file. */
export interface FrameStop {
	offset: number;
	/** 'zeros' when the bytes at `offset` are zero (the zero-filled slack of a journal, or a zeroed region). */
	reason: string;
}

/**
 * Reads the frames of a file in order, calling `onFrame` for each, and
 * returns where reading stopped: null at a clean end of file, else the
 * offset of the first bytes that are not a valid frame.
 */
export function readFrames(path: string, onFrame: (frame: Frame) => void): FrameStop | null {
	const fd = openSync(path, 'r');
	try {
		let buffer = Buffer.allocUnsafe(READ_CHUNK);
		let filled = 0;
		let at = 0;
		let fileOffset = 0;
		let eof = false;
		for (;;) {
			if (at === filled && eof) return null;
			const parsed = parseFrame(buffer, at, fileOffset, filled);
			if (parsed.ok) {
				onFrame(parsed.frame);
				at = parsed.frame.end - fileOffset;
				continue;
			}
			if (parsed.need === undefined || eof) return { offset: fileOffset + at, reason: parsed.reason };
			// Keep the unread tail, make room for the frame, read on.
			const tail = filled - at;
			if (parsed.need > buffer.length) {
				const bigger = Buffer.allocUnsafe(Math.max(parsed.need, buffer.length * 2));
				buffer.copy(bigger, 0, at, filled);
				buffer = bigger;
			} else {
				buffer.copy(buffer, 0, at, filled);
			}
			fileOffset += at;
			at = 0;
			filled = tail;
			while (filled < buffer.length) {
				const read = readSync(fd, buffer, filled, buffer.length - filled, fileOffset + filled);
				if (read === 0) {
					eof = true;
					break;
				}
				filled += read;
			}
		}
	} finally {
		closeSync(fd);
	}
}

/**
 * Every valid frame in `buffer` (bytes of a file from `fileOffset`),
 * resynchronising after damage, plus the damaged byte ranges skipped
 * (zero-filled runs are not reported as damage).
 */
export function salvageFrames(buffer: Buffer, fileOffset = 0): { frames: Frame[]; damaged: { offset: number; bytes: number }[] } {
	const frames: Frame[] = [];
	const damaged: { offset: number; bytes: number }[] = [];
	let at = 0;
	while (at < buffer.length) {
		const parsed = parseFrame(buffer, at, fileOffset);
		if (parsed.ok) {
			frames.push(parsed.frame);
			at = parsed.frame.end - fileOffset;
			continue;
		}
		const next = nextValidFrame(buffer, at + 1, fileOffset);
		const stop = next === -1 ? buffer.length : next;
		// Zeros up to the end are a journal's preallocated slack; anything else skipped is damage.
		if (next !== -1 || !isZero(buffer, at, stop)) damaged.push({ offset: fileOffset + at, bytes: stop - at });
		at = stop;
	}
	return { frames, damaged };
}

function nextValidFrame(buffer: Buffer, from: number, fileOffset: number): number {
	for (let at = nextMagic(buffer, from); at !== -1; at = nextMagic(buffer, at + 1)) {
		if (parseFrame(buffer, at, fileOffset).ok) return at;
	}
	return -1;
}

/** Headers of the valid frames in `buffer` after `from` (for telling a torn tail from damage). */
export function validFramesAfter(buffer: Buffer, from: number, fileOffset: number): FrameMeta[] {
	const found: FrameMeta[] = [];
	for (let at = nextValidFrame(buffer, from, fileOffset); at !== -1; at = nextValidFrame(buffer, at + 1, fileOffset)) {
		const parsed = parseFrame(buffer, at, fileOffset);
		if (parsed.ok) found.push(parsed.frame);
	}
	return found;
}
