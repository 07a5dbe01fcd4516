import { crc32 } from 'node:zlib';

/*
 * Every record on disk (journal commit, snapshot header, document, footer) is
 * one frame:
 *
 *   0  2  magic 0xE5 0x0D (a byte pair that never occurs in UTF-8 text, so a
 *         payload cannot contain one and a scan can find the next frame)
 *   2  1  kind
 *   3  1  format version (1)
 *   4  4  payload length (u32 LE)
 *   8  4  batch: the group commit the record was written in (journals; 0 in snapshots)
 *  12  4  records after this one in the same batch
 *  16  4  CRC-32 of bytes 0..16 and the payload
 *  20  …  payload (typed-encoding JSON, see codec.ts)
 *
 * CRC-32 is zlib's, native in Node: same protection against random damage as
 * CRC-32C, at about 1 GB/s without a dependency (see bench/store.ts).
 */

export const HEADER_BYTES = 20;
const MAGIC_0 = 0xe5;
const MAGIC_1 = 0x0d;
const VERSION = 1;
/** Larger lengths are damage: no record comes near it (a string cannot exceed ~512 MiB either). */
export const MAX_PAYLOAD = 1024 * 1024 * 1024;

export const FrameKind = { Commit: 1, SnapshotHeader: 2, Document: 3, SnapshotFooter: 4 } as const;
export type FrameKind = (typeof FrameKind)[keyof typeof FrameKind];

export interface FrameMeta {
	kind: FrameKind;
	batch: number;
	/** Records after this one in the same batch. */
	following: number;
	/** Offset of the frame in its file. */
	offset: number;
	/** Offset just past the frame. */
	end: number;
	crc: number;
}

export interface Frame extends FrameMeta {
	payload: Buffer;
}

/** One frame, ready to write. */
export function encodeFrame(kind: FrameKind, payload: Buffer, batch = 0, following = 0): Buffer {
	const frame = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
	writeHeader(frame, 0, kind, payload.length, batch, following);
	payload.copy(frame, HEADER_BYTES);
	frame.writeUInt32LE(crc32(payload, crc32(frame.subarray(0, 16))), 16);
	return frame;
}

/** Writes the header of a frame whose payload is already at `at + HEADER_BYTES`; returns the CRC. */
export function sealFrame(buffer: Buffer, at: number, kind: FrameKind, length: number, batch = 0, following = 0): number {
	writeHeader(buffer, at, kind, length, batch, following);
	const crc = crc32(buffer.subarray(at + HEADER_BYTES, at + HEADER_BYTES + length), crc32(buffer.subarray(at, at + 16)));
	buffer.writeUInt32LE(crc, at + 16);
	return crc;
}

function writeHeader(buffer: Buffer, at: number, kind: FrameKind, length: number, batch: number, following: number): void {
	buffer[at] = MAGIC_0;
	buffer[at + 1] = MAGIC_1;
	buffer[at + 2] = kind;
	buffer[at + 3] = VERSION;
	buffer.writeUInt32LE(length, at + 4);
	buffer.writeUInt32LE(batch, at + 8);
	buffer.writeUInt32LE(following, at + 12);
}

export type ParseResult =
	| { ok: true; frame: Frame }
	/** Not enough bytes for the header or the announced payload. */
	| { ok: false; need: number; reason: string }
	| { ok: false; need?: undefined; reason: string };

/**
 * Parses the frame at `at` of `buffer` (which holds file bytes from
 * `fileOffset` up to `limit`). `need` is set when the bytes end before the frame does.
 */
export function parseFrame(buffer: Buffer, at: number, fileOffset: number, limit = buffer.length): ParseResult {
	if (limit - at < HEADER_BYTES) {
		if (isZero(buffer, at, limit)) return { ok: false, need: HEADER_BYTES, reason: 'zeros' };
		return { ok: false, need: HEADER_BYTES, reason: 'cut-off frame header' };
	}
	if (buffer[at] !== MAGIC_0 || buffer[at + 1] !== MAGIC_1) {
		return { ok: false, reason: isZero(buffer, at, at + HEADER_BYTES) ? 'zeros' : 'no frame starts here (bad magic)' };
	}
	if (buffer[at + 3] !== VERSION) return { ok: false, reason: `unknown frame version ${buffer[at + 3]}` };
	const length = buffer.readUInt32LE(at + 4);
	if (length > MAX_PAYLOAD) return { ok: false, reason: `implausible record length ${length}` };
	const end = at + HEADER_BYTES + length;
	if (end > limit) return { ok: false, need: HEADER_BYTES + length, reason: 'record cut off' };
	const crc = buffer.readUInt32LE(at + 16);
	const actual = crc32(buffer.subarray(at + HEADER_BYTES, end), crc32(buffer.subarray(at, at + 16)));
	if (crc !== actual) return { ok: false, reason: 'checksum mismatch' };
	return {
		ok: true,
		frame: {
			kind: buffer[at + 2] as FrameKind,
			batch: buffer.readUInt32LE(at + 8),
			following: buffer.readUInt32LE(at + 12),
			offset: fileOffset + at,
			end: fileOffset + end,
			crc,
			payload: buffer.subarray(at + HEADER_BYTES, end),
		},
	};
}

/** Offset of the next possible frame start at or after `from`, or -1. */
export function nextMagic(buffer: Buffer, from: number): number {
	for (let at = buffer.indexOf(MAGIC_0, from); at !== -1; at = buffer.indexOf(MAGIC_0, at + 1)) {
		if (buffer[at + 1] === MAGIC_1) return at;
	}
	return -1;
}

export function isZero(buffer: Buffer, from: number, to: number): boolean {
	for (let i = from; i < to; i++) if (buffer[i] !== 0) return false;
	return true;
}

/** Offset just past the last non-zero byte of `buffer` (0 if all zero). */
export function contentEnd(buffer: Buffer): number {
	let end = buffer.length;
	while (end > 0 && buffer[end - 1] === 0) end--;
	return end;
}
