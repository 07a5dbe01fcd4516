import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * On-disk layout of a data directory:
 *   LOCK                              the directory lock (see lock.ts)
 *   collections/<name>.snapshot       snapshot: header, one frame per document, footer
 *   journal-<seq>.log                 changes since the snapshots, one frame per commit
 *   collections/<name>.jsonl          (format 1, read once and migrated)
 *
 * Journal records are absolute (put this document / delete this id / define
 * this index), so replaying any journal over a snapshot that already
 * contains some of its changes still ends in the right state. That is what
 * makes compaction crash-safe without coordinating snapshot and journal.
 */
export const SNAPSHOT_SUFFIX = '.snapshot';
export const LEGACY_SNAPSHOT_SUFFIX = '.jsonl';

export function collectionsDir(dir: string): string {
	return join(dir, 'collections');
}

export function snapshotPath(dir: string, collection: string): string {
	return join(collectionsDir(dir), `${encodeURIComponent(collection)}${SNAPSHOT_SUFFIX}`);
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

/** Files in `collections/` with the given suffix. */
export function collectionFiles(dir: string, suffix: string): string[] {
	return readdirSync(collectionsDir(dir))
		.filter((file) => file.endsWith(suffix))
		.map((file) => join(collectionsDir(dir), file));
}
