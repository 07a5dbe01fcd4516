import { BSON } from 'mongodb';
import type { Document } from 'mongodb';

/**
 * Relaxed EJSON lines: the on-disk format 1, read only to migrate old data
 * directories (persistence/legacy.ts) and measured against format 2 by the bench.
 */

/** One value as a line of relaxed EJSON. */
export function encode(value: unknown): string {
	return BSON.EJSON.stringify(value as Document, { relaxed: true });
}

/**
 * Parses a line written by `encode`. Plain JSON parsing plus reviving only
 * the `$`-keyed wrappers is several times faster than `EJSON.parse`, which
 * matters when a million documents are loaded at startup.
 */
export function decode(line: string): unknown {
	return revive(JSON.parse(line));
}

function revive(value: unknown): unknown {
	if (value === null || typeof value !== 'object') return value;
	const date = (value as { $date?: unknown }).$date;
	if (typeof date === 'string') return new Date(date);
	if (Array.isArray(value)) {
		for (let i = 0; i < value.length; i++) value[i] = revive(value[i]);
		return value;
	}
	const record = value as Record<string, unknown>;
	for (const key in record) {
		if (key.charCodeAt(0) === 36 /* $ */) {
			return BSON.EJSON.deserialize(record, { relaxed: true });
		}
		record[key] = revive(record[key]);
	}
	return record;
}
