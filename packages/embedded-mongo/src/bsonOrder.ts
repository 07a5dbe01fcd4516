import type { Document } from 'mongodb';

import { isPlainObject } from './values';

/**
 * MongoDB's comparison and sort order of BSON values, written from its
 * documentation ("Comparison/Sort Order"): first by type bracket, then within
 * a type. Strings compare in UTF-8 byte order, which is Unicode code point
 * order — not JavaScript's UTF-16 code-unit order, which puts an astral
 * character (a surrogate pair) before U+E000–U+FFFF.
 */

const SEVERAL = Symbol('several values');

/** Sort key of an empty array: below null and missing, as MongoDB sorts it. */
export const EMPTY_ARRAY_KEY = Symbol('empty array');

const enum Bracket {
	MinKey = 0,
	EmptyArray = 1,
	Null = 2,
	Number = 3,
	String = 4,
	Object = 5,
	Array = 6,
	Binary = 7,
	ObjectId = 8,
	Boolean = 9,
	Date = 10,
	Timestamp = 11,
	RegExp = 12,
	Code = 13,
	MaxKey = 14,
}

function bsonType(value: unknown): string | undefined {
	return (value as { _bsontype?: string })._bsontype;
}

function bracketOf(value: unknown): Bracket {
	switch (typeof value) {
		case 'undefined':
			return Bracket.Null;
		case 'number':
		case 'bigint':
			return Bracket.Number;
		case 'string':
			return Bracket.String;
		case 'boolean':
			return Bracket.Boolean;
		case 'symbol':
			return value === EMPTY_ARRAY_KEY ? Bracket.EmptyArray : Bracket.Null;
		default:
			break;
	}
	if (value === null) return Bracket.Null;
	if (Array.isArray(value)) return Bracket.Array;
	if (value instanceof Date) return Bracket.Date;
	if (value instanceof RegExp) return Bracket.RegExp;
	if (value instanceof Uint8Array) return Bracket.Binary;
	switch (bsonType(value)) {
		case 'ObjectId':
			return Bracket.ObjectId;
		case 'Long':
		case 'Int32':
		case 'Double':
		case 'Decimal128':
			return Bracket.Number;
		case 'BSONSymbol':
			return Bracket.String;
		case 'Binary':
		case 'UUID':
			return Bracket.Binary;
		case 'Timestamp':
			return Bracket.Timestamp;
		case 'BSONRegExp':
			return Bracket.RegExp;
		case 'Code':
			return Bracket.Code;
		case 'MinKey':
			return Bracket.MinKey;
		case 'MaxKey':
			return Bracket.MaxKey;
		default:
			return Bracket.Object;
	}
}

/** Code units at or above this may order differently in UTF-16 and in code points. */
const SURROGATE_START = 0xd800;

/** Maps a code unit ≥ U+D800 so that surrogates sort after U+E000–U+FFFF, as their code points do. */
function codePointRank(unit: number): number {
	return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}

/** Compares strings in Unicode code point (UTF-8 byte) order. */
export function compareStrings(a: string, b: string): number {
	if (a === b) return 0;
	const length = Math.min(a.length, b.length);
	for (let i = 0; i < length; i++) {
		const x = a.charCodeAt(i);
		const y = b.charCodeAt(i);
		if (x !== y) {
			return x >= SURROGATE_START && y >= SURROGATE_START ? codePointRank(x) - codePointRank(y) : x - y;
		}
	}
	return a.length - b.length;
}

/** Whether a string holds a code unit for which native `<` may disagree with code point order. */
export function hasHighCodeUnits(text: string): boolean {
	for (let i = 0; i < text.length; i++) {
		if (text.charCodeAt(i) >= SURROGATE_START) return true;
	}
	return false;
}

function numericValue(value: unknown): number | bigint {
	if (typeof value === 'number' || typeof value === 'bigint') return value;
	const type = bsonType(value);
	if (type === 'Long') return BigInt((value as { toString(): string }).toString());
	if (type === 'Decimal128') return Number((value as { toString(): string }).toString());
	return Number((value as { valueOf(): number }).valueOf());
}

function compareNumbers(a: unknown, b: unknown): number {
	const x = numericValue(a);
	const y = numericValue(b);
	if (typeof x === 'number' && typeof y === 'number') {
		// NaN is the smallest number in MongoDB's order and equal to itself.
		if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : -1) : 1;
		return x < y ? -1 : x > y ? 1 : 0;
	}
	if (typeof x === 'number' && Number.isNaN(x)) return -1;
	if (typeof y === 'number' && Number.isNaN(y)) return 1;
	return x < y ? -1 : x > y ? 1 : 0;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
	if (a.length !== b.length) return a.length - b.length;
	for (let i = 0; i < a.length; i++) {
		if (a[i] !== b[i]) return a[i] - b[i];
	}
	return 0;
}

function bytesOf(value: unknown): { bytes: Uint8Array; subtype: number } {
	if (value instanceof Uint8Array) return { bytes: value, subtype: 0 };
	const binary = value as { buffer: Uint8Array; sub_type: number };
	return { bytes: binary.buffer, subtype: binary.sub_type };
}

/** Embedded documents compare pair by pair: value type, then field name, then value. */
function compareDocuments(a: Document, b: Document): number {
	const keysA = Object.keys(a).filter((key) => a[key] !== undefined);
	const keysB = Object.keys(b).filter((key) => b[key] !== undefined);
	const length = Math.min(keysA.length, keysB.length);
	for (let i = 0; i < length; i++) {
		const typeOrder = bracketOf(a[keysA[i]]) - bracketOf(b[keysB[i]]);
		if (typeOrder) return typeOrder;
		const names = compareStrings(keysA[i], keysB[i]);
		if (names) return names;
		const values = compareValues(a[keysA[i]], b[keysB[i]]);
		if (values) return values;
	}
	return keysA.length - keysB.length;
}

function compareArrays(a: unknown[], b: unknown[]): number {
	const length = Math.min(a.length, b.length);
	for (let i = 0; i < length; i++) {
		const typeOrder = bracketOf(a[i]) - bracketOf(b[i]);
		if (typeOrder) return typeOrder;
		const values = compareValues(a[i], b[i]);
		if (values) return values;
	}
	return a.length - b.length;
}

/** Total order of two BSON values (negative, zero or positive), as MongoDB compares them. */
export function compareValues(a: unknown, b: unknown): number {
	if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
	const bracketA = bracketOf(a);
	const bracketB = bracketOf(b);
	if (bracketA !== bracketB) return bracketA - bracketB;
	switch (bracketA) {
		case Bracket.Number:
			return compareNumbers(a, b);
		case Bracket.String:
			return compareStrings(String(a), String(b));
		case Bracket.Boolean:
			return Number(a) - Number(b);
		case Bracket.Date:
			return (a as Date).getTime() - (b as Date).getTime();
		case Bracket.ObjectId:
			return compareStrings((a as { toHexString(): string }).toHexString(), (b as { toHexString(): string }).toHexString());
		case Bracket.Array:
			return compareArrays(a as unknown[], b as unknown[]);
		case Bracket.Object:
			return compareDocuments(a as Document, b as Document);
		case Bracket.Binary: {
			const x = bytesOf(a);
			const y = bytesOf(b);
			return x.bytes.length !== y.bytes.length ? x.bytes.length - y.bytes.length : x.subtype - y.subtype || compareBytes(x.bytes, y.bytes);
		}
		case Bracket.Timestamp:
			return compareNumbers(BigInt(String(a)), BigInt(String(b)));
		case Bracket.RegExp: {
			const x = a as { source?: string; pattern?: string; flags?: string; options?: string };
			const y = b as typeof x;
			return compareStrings(x.source ?? x.pattern ?? '', y.source ?? y.pattern ?? '') || compareStrings(x.flags ?? x.options ?? '', y.flags ?? y.options ?? '');
		}
		case Bracket.Code:
			return compareStrings(String((a as { code: unknown }).code), String((b as { code: unknown }).code));
		default:
			return 0;
	}
}


/**
 * Every value a sort on `segments` sees in a document, as MongoDB's key
 * generation reaches them: arrays on the way fan out over their elements (a
 * numeric segment also addresses a position), an element lacking the field
 * counts as null, an array at the end contributes its elements, and an empty
 * array its own key that sorts below null.
 */
function collectSortValues(value: unknown, segments: readonly string[], depth: number, visit: (value: unknown) => void): void {
	if (depth === segments.length) {
		if (!Array.isArray(value)) {
			visit(value);
		} else if (value.length === 0) {
			visit(EMPTY_ARRAY_KEY);
		} else {
			for (const element of value) visit(element);
		}
		return;
	}
	if (Array.isArray(value)) {
		const segment = segments[depth];
		if (/^\d+$/.test(segment) && Number(segment) < value.length) {
			collectSortValues(value[Number(segment)], segments, depth + 1, visit);
		}
		for (const element of value) {
			if (isPlainObject(element)) collectSortValues(element, segments, depth, visit);
		}
		return;
	}
	if (!isPlainObject(value)) {
		visit(undefined);
		return;
	}
	collectSortValues(value[segments[depth]], segments, depth + 1, visit);
}

/**
 * The value a document sorts by on one field: for an ascending sort the
 * smallest value the path reaches, for a descending sort the largest (so an
 * array sorts by its minimum or maximum element, as on MongoDB).
 */
export function sortKeyOf(doc: Document, segments: readonly string[], direction: 1 | -1): unknown {
	// Common case first: plain objects all the way to a value that is not an array.
	let current: unknown = doc;
	for (let i = 0; i < segments.length && current !== undefined; i++) {
		if (!isPlainObject(current)) {
			current = Array.isArray(current) ? SEVERAL : undefined;
			break;
		}
		current = current[segments[i]];
	}
	if (current !== SEVERAL && !Array.isArray(current)) return current;
	let key: unknown;
	let first = true;
	collectSortValues(doc, segments, 0, (value) => {
		if (first || compareValues(value, key) * direction < 0) key = value;
		first = false;
	});
	return key;
}
