import { copyFileSync, mkdirSync, readFileSync, unlinkSync } from 'node:fs';
import { basename, join } from 'node:path';

import type { Document } from 'mongodb';

import type { IndexDefinition } from '../indexes/definition';
import { decode as decodeLegacy } from '../ejson';
import { DirectoryLock } from '../lock';
import { valueKey } from '../values';
import { decodeValue } from './codec';
import { FrameKind } from './frame';
import { salvageFrames } from './frameFile';
import { nodeIo } from './io';
import { collectionFiles, journalPath, journalSequences, LEGACY_SNAPSHOT_SUFFIX, SNAPSHOT_SUFFIX } from './layout';
import { readLines } from './legacy';
import { makePrivate } from './permissions';
import { applyRecord, type JournalRecord, type LoadSink } from './records';
import { writeSnapshot } from './snapshot';
import { syncDirectory } from './sync';

export interface FileReport {
	file: string;
	/** Intact records read. */
	records: number;
	/** Damaged byte ranges skipped, and records that were intact but unreadable. */
	dropped: { offset: number; bytes: number; reason: string }[];
}

export interface RepairReport {
	damaged: boolean;
	files: FileReport[];
	/** Documents per collection after the repair. */
	collections: Record<string, number>;
	/** Where the files were copied before being rewritten (absent when nothing was damaged). */
	backupDir?: string;
}

interface Collection {
	docs: Map<string, Document>;
	indexes: Map<string, IndexDefinition>;
}

/**
 * Salvages a damaged data directory: reads every intact record of every
 * snapshot and journal (resynchronising after damaged bytes), copies the
 * files into `repair-backup-<time>/`, then writes what was salvaged as
 * fresh snapshots and removes the journals, so the directory opens again.
 * The store must not be running (the directory lock is taken).
 */
export async function repairDirectory(dir: string): Promise<RepairReport> {
	const lock = DirectoryLock.acquire(dir);
	try {
		const collections = new Map<string, Collection>();
		const sink = collectingSink(collections);
		const files: FileReport[] = [];
		for (const path of collectionFiles(dir, LEGACY_SNAPSHOT_SUFFIX)) files.push(salvageLegacy(path, sink, basename(path, LEGACY_SNAPSHOT_SUFFIX)));
		for (const path of collectionFiles(dir, SNAPSHOT_SUFFIX)) files.push(salvageSnapshot(path, sink));
		const journals = journalSequences(dir).map((sequence) => journalPath(dir, sequence));
		for (const path of journals) {
			const first = readFileSync(path).subarray(0, 1)[0];
			files.push(first === 0x5b ? salvageLegacy(path, sink) : salvageJournal(path, sink));
		}
		const damaged = files.some((file) => file.dropped.length > 0);
		const counts = Object.fromEntries([...collections].map(([name, collection]) => [name, collection.docs.size]));
		if (!damaged) return { damaged, files, collections: counts };

		const backupDir = join(dir, `repair-backup-${new Date().toISOString().replace(/[:.]/g, '-')}`);
		mkdirSync(backupDir, { recursive: true, mode: 0o700 });
		const originals = [...collectionFiles(dir, LEGACY_SNAPSHOT_SUFFIX), ...collectionFiles(dir, SNAPSHOT_SUFFIX), ...journals];
		for (const path of originals) copyFileSync(path, join(backupDir, basename(path)));
		makePrivate(backupDir);
		syncDirectory(backupDir);
		for (const [name, collection] of collections) {
			await writeSnapshot(nodeIo, dir, name, collection.docs.values(), [...collection.indexes.values()]);
		}
		for (const path of [...collectionFiles(dir, LEGACY_SNAPSHOT_SUFFIX), ...journals]) unlinkSync(path);
		syncDirectory(dir);
		return { damaged, files, collections: counts, backupDir };
	} finally {
		lock.release();
	}
}

function collectingSink(collections: Map<string, Collection>): LoadSink {
	const get = (name: string) => {
		let collection = collections.get(name);
		if (!collection) {
			collection = { docs: new Map(), indexes: new Map() };
			collections.set(name, collection);
		}
		return collection;
	};
	return {
		put: (name, doc) => get(name).docs.set(valueKey(doc._id), doc),
		delete: (name, id) => get(name).docs.delete(valueKey(id)),
		index: (name, definition) => get(name).indexes.set(definition.name, definition),
	};
}

function salvageSnapshot(path: string, sink: LoadSink): FileReport {
	const report: FileReport = { file: path, records: 0, dropped: [] };
	const { frames, damaged } = salvageFrames(readFileSync(path));
	for (const range of damaged) report.dropped.push({ ...range, reason: 'damaged bytes' });
	// Without an intact header, the file name still tells the collection (its indexes come from the journals, if there).
	let name = decodeURIComponent(basename(path, SNAPSHOT_SUFFIX));
	let footerCount: number | undefined;
	for (const frame of frames) {
		try {
			const value = decodeValue(frame.payload.toString('utf8')) as Document;
			if (frame.kind === FrameKind.SnapshotHeader) {
				name = value.name as string;
				for (const definition of value.indexes as IndexDefinition[]) sink.index(name, definition);
			} else if (frame.kind === FrameKind.Document) {
				sink.put(name, value);
				report.records++;
			} else if (frame.kind === FrameKind.SnapshotFooter) {
				footerCount = value.count as number;
			}
		} catch (error) {
			report.dropped.push({ offset: frame.offset, bytes: frame.end - frame.offset, reason: `unreadable record: ${(error as Error).message}` });
		}
	}
	if (footerCount === undefined) report.dropped.push({ offset: 0, bytes: 0, reason: 'no intact footer: documents at the end may be missing' });
	else if (footerCount !== report.records) report.dropped.push({ offset: 0, bytes: 0, reason: `the footer counts ${footerCount} documents, ${report.records} were salvaged` });
	return report;
}

function salvageJournal(path: string, sink: LoadSink): FileReport {
	const report: FileReport = { file: path, records: 0, dropped: [] };
	const { frames, damaged } = salvageFrames(readFileSync(path));
	for (const range of damaged) report.dropped.push({ ...range, reason: 'damaged bytes' });
	for (const frame of frames) {
		try {
			for (const record of decodeValue(frame.payload.toString('utf8')) as JournalRecord[]) applyRecord(sink, record);
			report.records++;
		} catch (error) {
			report.dropped.push({ offset: frame.offset, bytes: frame.end - frame.offset, reason: `unreadable record: ${(error as Error).message}` });
		}
	}
	return report;
}

/** A format-1 file: snapshot (`collection` given: header line, then documents) or journal. */
function salvageLegacy(path: string, sink: LoadSink, collection?: string): FileReport {
	const report: FileReport = { file: path, records: 0, dropped: [] };
	let name = collection === undefined ? undefined : decodeURIComponent(collection);
	let first = true;
	readLines(path, (line, offset) => {
		let value: unknown;
		try {
			value = decodeLegacy(line);
		} catch (error) {
			report.dropped.push({ offset, bytes: Buffer.byteLength(line), reason: `unreadable line: ${(error as Error).message}` });
			return;
		}
		if (collection !== undefined && first && !Array.isArray(value) && typeof (value as Document).name === 'string' && Array.isArray((value as Document).indexes)) {
			name = (value as Document).name as string;
			for (const definition of (value as Document).indexes as IndexDefinition[]) sink.index(name, definition);
		} else if (collection !== undefined) {
			sink.put(name as string, value as Document);
			report.records++;
		} else {
			for (const record of value as JournalRecord[]) applyRecord(sink, record);
			report.records++;
		}
		first = false;
	});
	return report;
}

/** The report as text for the command line. */
export function formatRepairReport(dir: string, report: RepairReport): string {
	const lines: string[] = [];
	for (const file of report.files) {
		lines.push(`${file.file}: ${file.records} intact record(s)`);
		for (const drop of file.dropped) lines.push(`  dropped at byte ${drop.offset}: ${drop.bytes} byte(s), ${drop.reason}`);
	}
	for (const [name, count] of Object.entries(report.collections)) lines.push(`collection ${name}: ${count} document(s)`);
	lines.push(
		report.damaged
			? `repaired ${dir}: salvaged records rewritten as snapshots; the original files are in ${report.backupDir}`
			: `no damage found in ${dir}; nothing changed`,
	);
	return lines.join('\n');
}
