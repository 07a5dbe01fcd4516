import { ObjectId } from 'mongodb';
import { BSON } from 'mongodb';

/**
 * Canonical map keys for values MongoDB considers equal. Strings are used as
 * they are (no copy, which keeps million-entry indexes lean); every other type
 * gets a NUL-prefixed tag so it can never collide with a string.
 */
export function valueKey(value: unknown): string {
	switch (typeof value) {
		case 'string':
			return value.charCodeAt(0) === 0 ? `\u0000s${value}` : value;
		case 'number':
			return `\u0000n${Object.is(value, -0) ? 0 : value}`;
		case 'bigint':
			return `\u0000n${value}`;
		case 'boolean':
			return value ? '\u0000b1' : '\u0000b0';
		case 'undefined':
			return '\u0000z';
		default:
			break;
	}
	if (value === null) {
		return '\u0000z';
	}
	if (value instanceof ObjectId) {
		return `\u0000o${value.toHexString()}`;
	}
	if (value instanceof Date) {
		return `\u0000d${value.getTime()}`;
	}
	if (value instanceof RegExp) {
		return `\u0000r${String(value)}`;
	}
	const bsonType = (value as { _bsontype?: string })._bsontype;
	if (bsonType === 'Long' || bsonType === 'Int32' || bsonType === 'Double') {
		return `\u0000n${Number((value as { valueOf(): number }).valueOf())}`;
	}
	return `\u0000j${BSON.EJSON.stringify(value as object, { relaxed: false })}`;
}

/** A plain object (a JSON-like embedded document), not an array, Date, ObjectId or other class instance. */
export function isPlainObject(value: unknown): value is Record<string, any> {
	if (value === null || typeof value !== 'object') return false;
	const prototype = Object.getPrototypeOf(value);
	return prototype === Object.prototype || prototype === null;
}

/** True for values an equality index can look up (not arrays, objects or regexes). */
export function isIndexableScalar(value: unknown): boolean {
	if (value === null || value === undefined) {
		return false;
	}
	if (typeof value !== 'object') {
		return typeof value !== 'function' && typeof value !== 'symbol';
	}
	return value instanceof ObjectId || value instanceof Date;
}

/**
 * Every value a dotted path reaches, the way MongoDB's multikey indexes see
 * them: arrays met on the way fan out over their elements, a numeric segment
 * also addresses an array position, and an array at the end contributes its
 * elements. A missing path yields `undefined` once.
 */
export function valuesAtPath(doc: unknown, path: string): unknown[] {
	return valuesAtSegments(doc, path.split('.'));
}

/** Marks a path that reaches more than one value (an array is involved). */
export const SEVERAL = Symbol('several values');

/**
 * The value at a path when no array is involved — the common case, answered
 * without allocating — or `SEVERAL`, in which case use `valuesAtSegments`.
 */
export function singleValueAtSegments(doc: unknown, segments: readonly string[]): unknown {
	let current = doc;
	for (const segment of segments) {
		if (current === null || typeof current !== 'object') return undefined;
		if (Array.isArray(current)) return SEVERAL;
		current = (current as Record<string, unknown>)[segment];
	}
	return Array.isArray(current) ? SEVERAL : current;
}

/** Whether a path is present (arrays at its end count); `SEVERAL` when an array sits on the way. */
export function existsAtSegments(doc: unknown, segments: readonly string[]): boolean | typeof SEVERAL {
	let current = doc;
	for (const segment of segments) {
		if (current === null || typeof current !== 'object') return false;
		if (Array.isArray(current)) return SEVERAL;
		current = (current as Record<string, unknown>)[segment];
	}
	return current !== undefined;
}

/** `valuesAtPath` with the path already split (indexes split once, not per document). */
export function valuesAtSegments(doc: unknown, segments: readonly string[]): unknown[] {
	const out: unknown[] = [];
	collect(doc, segments, 0, out);
	if (out.length === 0) {
		out.push(undefined);
	}
	return out;
}

function collect(value: unknown, segments: readonly string[], depth: number, out: unknown[]): void {
	if (depth === segments.length) {
		if (Array.isArray(value)) {
			if (value.length === 0) {
				out.push(undefined);
			}
			for (const element of value) {
				out.push(element);
			}
		} else if (value !== undefined) {
			out.push(value);
		}
		return;
	}
	if (value === null || typeof value !== 'object') {
		return;
	}
	const segment = segments[depth];
	if (Array.isArray(value)) {
		if (isArrayIndex(segment)) {
			collect(value[Number(segment)], segments, depth + 1, out);
		}
		for (const element of value) {
			if (element !== null && typeof element === 'object' && !Array.isArray(element)) {
				collect(element, segments, depth, out);
			}
		}
		return;
	}
	collect((value as Record<string, unknown>)[segment], segments, depth + 1, out);
}

function isArrayIndex(segment: string): boolean {
	const first = segment.charCodeAt(0);
	return first >= 48 && first <= 57 && /^\d+$/.test(segment);
}

/** The value at a dotted path without array fan-out (used for change-event field values). */
export function valueAtExactPath(doc: unknown, path: string): unknown {
	let current: unknown = doc;
	for (const segment of path.split('.')) {
		if (current === null || typeof current !== 'object') {
			return undefined;
		}
		current = (current as Record<string, unknown>)[segment];
	}
	return current;
}
