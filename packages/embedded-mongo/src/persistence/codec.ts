import { BSON, ObjectId } from 'mongodb';

/*
 * The typed encoding of documents on disk: JSON text in which every value
 * JSON cannot represent exactly is a one-key object whose key is a tag
 * (`$d` Date, `$o` ObjectId, `$u` undefined, `$n` non-finite number or -0,
 * `$i` BigInt, `$x` bytes, `$r` RegExp, `$e` any other BSON value as
 * canonical EJSON). User keys starting with `$` get one more `$` on disk, so
 * no user data can look like a tag: `{"$date": "x"}` is stored as
 * `{"$$date": "x"}` and read back unchanged.
 *
 * Encoding builds a JSON-safe view (copying only objects that hold something
 * to convert; the rest is shared) and hands it to the native JSON.stringify;
 * decoding is the native JSON.parse plus one walk that revives tags.
 */

const DOLLAR = 36;

/** A value as typed-encoding JSON text. */
export function encodeValue(value: unknown): string {
	return JSON.stringify(toJsonSafe(value));
}

/** Parses text written by `encodeValue`. */
export function decodeValue(text: string): unknown {
	return revive(JSON.parse(text));
}

/** Marks a property that is left out (functions and symbols, as JSON and the driver do). */
const OMIT = Symbol('omit');

function toJsonSafe(value: unknown): unknown {
	switch (typeof value) {
		case 'string':
		case 'boolean':
			return value;
		case 'number':
			return Number.isFinite(value) && !Object.is(value, -0) ? value : { $n: Object.is(value, -0) ? '-0' : String(value) };
		case 'undefined':
			return { $u: 1 };
		case 'bigint':
			return { $i: value.toString() };
		case 'object':
			return value === null ? null : objectToJsonSafe(value);
		default:
			return OMIT;
	}
}

function objectToJsonSafe(value: object): unknown {
	if (Array.isArray(value)) return arrayToJsonSafe(value);
	if (value instanceof Date) return { $d: Number.isNaN(value.getTime()) ? null : value.getTime() };
	if (value instanceof ObjectId) return { $o: value.toHexString() };
	if (value instanceof Uint8Array) return { $x: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
	if (value instanceof RegExp) return { $r: [value.source, value.flags] };
	if ('_bsontype' in value) return { $e: BSON.EJSON.stringify({ v: value }, { relaxed: false }) };
	const record = value as Record<string, unknown>;
	let copy: Record<string, unknown> | undefined;
	let index = 0;
	for (const key in record) {
		const original = record[key];
		const safe = toJsonSafe(original);
		const escaped = key.charCodeAt(0) === DOLLAR;
		if (!copy && (safe !== original || escaped)) copy = copyFirst(record, index);
		if (copy && safe !== OMIT) setOwn(copy, escaped ? `$${key}` : key, safe);
		index++;
	}
	return copy ?? record;
}

function arrayToJsonSafe(array: unknown[]): unknown[] {
	let copy: unknown[] | undefined;
	for (let i = 0; i < array.length; i++) {
		const original = array[i];
		let safe = toJsonSafe(original);
		if (safe === OMIT) safe = null;
		if (!copy && safe !== original) copy = array.slice(0, i);
		if (copy) copy.push(safe);
	}
	return copy ?? array;
}

/** A copy of the first `count` own properties of `record` (they needed no conversion). */
function copyFirst(record: Record<string, unknown>, count: number): Record<string, unknown> {
	const copy: Record<string, unknown> = {};
	let index = 0;
	for (const key in record) {
		if (index++ >= count) break;
		setOwn(copy, key, record[key]);
	}
	return copy;
}

/** Assigns an own property, also for `__proto__` (plain assignment would set the prototype). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
	if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
	else target[key] = value;
}

function revive(value: unknown): unknown {
	if (value === null || typeof value !== 'object') return value;
	if (Array.isArray(value)) {
		for (let i = 0; i < value.length; i++) {
			const item = value[i];
			if (item !== null && typeof item === 'object') {
				const revived = revive(item);
				if (revived !== item) value[i] = revived;
			}
		}
		return value;
	}
	const record = value as Record<string, unknown>;
	let escaped = false;
	let first = true;
	for (const key in record) {
		if (key.charCodeAt(0) === DOLLAR) {
			if (first && key.charCodeAt(1) !== DOLLAR) return reviveTag(record, key);
			escaped = true;
		}
		first = false;
		// Only objects can hold tags; leaving other properties unwritten spares the write barrier.
		const item = record[key];
		if (item !== null && typeof item === 'object') {
			const revived = revive(item);
			if (revived !== item) record[key] = revived;
		}
	}
	return escaped ? unescapeKeys(record) : record;
}

function unescapeKeys(record: Record<string, unknown>): Record<string, unknown> {
	const copy: Record<string, unknown> = {};
	for (const key in record) setOwn(copy, key.charCodeAt(0) === DOLLAR ? key.slice(1) : key, record[key]);
	return copy;
}

function reviveTag(record: Record<string, unknown>, tag: string): unknown {
	const payload = record[tag];
	switch (tag) {
		case '$d':
			return new Date(payload === null ? Number.NaN : (payload as number));
		case '$o':
			return ObjectId.createFromHexString(payload as string);
		case '$u':
			return undefined;
		case '$n':
			return payload === '-0' ? -0 : Number(payload);
		case '$i':
			return BigInt(payload as string);
		case '$x':
			return Buffer.from(payload as string, 'base64');
		case '$r': {
			const [source, flags] = payload as [string, string];
			return new RegExp(source, flags);
		}
		case '$e':
			return (BSON.EJSON.parse(payload as string, { relaxed: false }) as { v: unknown }).v;
		default:
			throw new Error(`unknown type tag ${tag}`);
	}
}
