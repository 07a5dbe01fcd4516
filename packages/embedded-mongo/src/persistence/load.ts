import { mkdirSync } from 'node:fs';
import { basename } from 'node:path';

import { replayJournal } from './journalReader';
import { collectionFiles, collectionsDir, journalPath, journalSequences, LEGACY_SNAPSHOT_SUFFIX, SNAPSHOT_SUFFIX } from './layout';
import { isLegacyJournal, readLegacySnapshot, replayLegacyJournal } from './legacy';
import type { LoadSink } from './records';
import { readSnapshot } from './snapshot';

export interface LoadResult {
	/** Format-1 files were read: the caller should rewrite the directory in format 2. */
	legacy: boolean;
}

/**
 * Loads every snapshot, then replays the journals in order, straight into
 * `sink` (no intermediate copy of a million documents). `sequences` are the
 * journals to replay (default: all), the last one being the newest. Throws a
 * DataDirectoryDamagedError on damage that recovery must not drop.
 */
export function loadDirectory(dir: string, sink: LoadSink, warn: (message: string) => void, sequences = journalSequences(dir)): LoadResult {
	mkdirSync(collectionsDir(dir), { recursive: true, mode: 0o700 });
	const snapshots = collectionFiles(dir, SNAPSHOT_SUFFIX);
	const current = new Set(snapshots.map((path) => basename(path, SNAPSHOT_SUFFIX)));
	// A format-1 snapshot whose collection already has a format-2 one is a leftover of an interrupted migration.
	const legacySnapshots = collectionFiles(dir, LEGACY_SNAPSHOT_SUFFIX).filter((path) => !current.has(basename(path, LEGACY_SNAPSHOT_SUFFIX)));
	for (const path of legacySnapshots) readLegacySnapshot(dir, path, sink);
	for (const path of snapshots) readSnapshot(dir, path, sink);
	sink.beginJournals?.();
	let legacy = legacySnapshots.length > 0;
	sequences.forEach((sequence, index) => {
		const path = journalPath(dir, sequence);
		if (isLegacyJournal(path)) {
			legacy = true;
			replayLegacyJournal(dir, path, sink, warn);
		} else {
			replayJournal(dir, path, index === sequences.length - 1, sink, warn);
		}
	});
	return { legacy };
}
