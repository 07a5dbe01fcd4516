import { rename, unlink } from 'node:fs/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';

import type { Document } from 'mongodb';

import type { IndexDefinition } from '../indexes/definition';
import { decodeValue, encodeValue } from './codec';
import { DataDirectoryDamagedError } from './damage';
import { type Frame, FrameKind, HEADER_BYTES, encodeFrame, sealFrame } from './frame';
import { readFrames } from './frameFile';
import { type StoreIo, writeFully } from './io';
import { snapshotPath } from './layout';
import type { LoadSink } from './records';
import { syncDirectory } from './sync';

const CHUNK_BYTES = 1024 * 1024;
const FORMAT = 2;

interface SnapshotHeader {
	format: number;
	name: string;
	indexes: IndexDefinition[];
}

interface SnapshotFooter {
	count: number;
	/** Sum (mod 2^32) of the document frames' CRCs: together with the count, proves no frame is missing. */
	crcSum: number;
}

/**
 * Writes a collection snapshot atomically (temp file, fsync, rename, fsync
 * directory): a header frame, one frame per document, a footer frame with
 * the count and CRC sum. Yields to the event loop between chunks; `cancelled`
 * is checked between chunks and abandons the snapshot (the journals it would
 * have replaced stay).
 */
export async function writeSnapshot(
	io: StoreIo,
	dir: string,
	name: string,
	docs: Iterable<Document>,
	indexes: IndexDefinition[],
	cancelled: () => boolean = () => false,
): Promise<boolean> {
	const target = snapshotPath(dir, name);
	const temp = `${target}.tmp`;
	const file = await io.open(temp, 'w', 0o600);
	let complete = false;
	try {
		let position = 0;
		const header: SnapshotHeader = { format: FORMAT, name, indexes };
		const headerFrame = encodeFrame(FrameKind.SnapshotHeader, Buffer.from(encodeValue(header)));
		await writeFully(file, headerFrame, position);
		position += headerFrame.length;
		let chunk = Buffer.allocUnsafe(CHUNK_BYTES);
		let used = 0;
		const footer: SnapshotFooter = { count: 0, crcSum: 0 };
		for (const doc of docs) {
			const text = encodeValue(doc);
			const most = HEADER_BYTES + text.length * 3;
			if (used + most > chunk.length) {
				if (used > 0) {
					await writeFully(file, chunk.subarray(0, used), position);
					position += used;
					used = 0;
					await nextTurn();
					if (cancelled()) return false;
				}
				if (most > chunk.length) chunk = Buffer.allocUnsafe(most);
			}
			const length = chunk.write(text, used + HEADER_BYTES, 'utf8');
			footer.crcSum = (footer.crcSum + sealFrame(chunk, used, FrameKind.Document, length)) >>> 0;
			footer.count++;
			used += HEADER_BYTES + length;
		}
		const footerFrame = encodeFrame(FrameKind.SnapshotFooter, Buffer.from(encodeValue(footer)));
		await writeFully(file, Buffer.concat([chunk.subarray(0, used), footerFrame]), position);
		await file.datasync();
		complete = true;
	} finally {
		await file.close();
		if (!complete) await unlink(temp).catch(() => undefined);
	}
	await rename(temp, target);
	syncDirectory(dir, 'collections');
	return true;
}

/** Loads one snapshot into `sink`; any damage (including a missing footer) throws. Returns the collection name. */
export function readSnapshot(dir: string, path: string, sink: LoadSink): string {
	let header: SnapshotHeader | undefined;
	let footer: SnapshotFooter | undefined;
	let count = 0;
	let crcSum = 0;
	const damaged = (offset: number, reason: string) => new DataDirectoryDamagedError(dir, path, offset, reason);
	const stop = readFrames(path, (frame: Frame) => {
		if (footer) throw damaged(frame.offset, 'records after the snapshot footer');
		const value = decodeFrame(frame, damaged);
		if (frame.kind === FrameKind.SnapshotHeader && !header && frame.offset === 0) {
			header = value as SnapshotHeader;
			for (const definition of header.indexes) sink.index(header.name, definition);
		} else if (frame.kind === FrameKind.Document && header) {
			if (sink.putNew) sink.putNew(header.name, value as Document);
			else sink.put(header.name, value as Document);
			count++;
			crcSum = (crcSum + frame.crc) >>> 0;
		} else if (frame.kind === FrameKind.SnapshotFooter && header) {
			footer = value as SnapshotFooter;
			if (footer.count !== count || footer.crcSum !== crcSum) {
				throw damaged(frame.offset, `the footer counts ${footer.count} documents, ${count} were read (or their checksums differ)`);
			}
		} else {
			throw damaged(frame.offset, `unexpected record kind ${frame.kind}`);
		}
	});
	if (stop) throw damaged(stop.offset, stop.reason === 'zeros' ? 'zeroed bytes' : stop.reason);
	if (!header) throw damaged(0, 'empty snapshot');
	if (!footer) throw damaged(0, 'the snapshot ends without its footer (truncated)');
	return header.name;
}

function decodeFrame(frame: Frame, damaged: (offset: number, reason: string) => Error): unknown {
	try {
		return decodeValue(frame.payload.toString('utf8'));
	} catch (error) {
		throw damaged(frame.offset, `unreadable record: ${(error as Error).message}`);
	}
}
