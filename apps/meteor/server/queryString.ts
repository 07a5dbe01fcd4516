/**
 * Query strings and urlencoded bodies, parsed the way Express's extended
 * parser (`qs`) does for the cases that matter here: repeated keys become arrays and
 * bracket keys (`a[b]=1`, `a[]=1`, `a[0]=1`) become objects/arrays. A caller sending
 * `contactId[$ne]=x` therefore hands the validator an object, which it
 * rejects (`must be string`), instead of a string that slips into a query.
 */

const MAX_DEPTH = 5;

/** Keys that would reach an object's prototype if assigned. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

type Container = Record<string, unknown> | unknown[];

function decode(text: string): string {
	const spaced = text.includes('+') ? text.replace(/\+/g, ' ') : text;
	if (!spaced.includes('%')) {
		return spaced;
	}
	try {
		return decodeURIComponent(spaced);
	} catch {
		return spaced;
	}
}

/** `a[b][]` → `['a', 'b', '']`; `undefined` when the key is not well-formed bracket notation. */
function splitKey(key: string): string[] | undefined {
	const open = key.indexOf('[');
	if (open <= 0) {
		return [key];
	}
	const segments = [key.slice(0, open)];
	let rest = key.slice(open);
	while (rest.length > 0) {
		const close = rest.indexOf(']');
		if (rest[0] !== '[' || close === -1 || segments.length > MAX_DEPTH) {
			return undefined;
		}
		segments.push(rest.slice(1, close));
		rest = rest.slice(close + 1);
	}
	return segments;
}

function isContainer(value: unknown): value is Container {
	return typeof value === 'object' && value !== null;
}

function setValue(target: Container, key: string, value: string): void {
	if (Array.isArray(target)) {
		target.push(value);
		return;
	}
	const existing = target[key];
	if (existing === undefined) {
		target[key] = value;
	} else if (Array.isArray(existing)) {
		existing.push(value);
	} else if (typeof existing === 'string') {
		target[key] = [existing, value];
	}
}

function assign(result: Record<string, unknown>, key: string, value: string): void {
	const segments = splitKey(key) ?? [key];
	if (segments.some((segment) => UNSAFE_KEYS.has(segment))) {
		return;
	}
	let target: Container = result;
	for (let i = 0; i < segments.length - 1; i++) {
		const segment = segments[i];
		const wantsArray = segments[i + 1] === '';
		let next: unknown = Array.isArray(target) ? undefined : target[segment];
		if (next === undefined) {
			next = wantsArray ? [] : {};
			if (Array.isArray(target)) {
				target.push(next);
			} else {
				target[segment] = next;
			}
		}
		if (!isContainer(next)) {
			// `a=1&a[b]=2`: the key already holds a plain value; keep the first one.
			return;
		}
		target = next;
	}
	setValue(target, segments[segments.length - 1], value);
}

/** `qs`'s default for query strings; body-parser raises it to 100 for urlencoded bodies. */
const QUERY_ARRAY_LIMIT = 20;

const BRACKET_INDEX = /\[\d+\]/;

const INDEX = /^(?:0|[1-9]\d*)$/;

/**
 * `qs` reads `a[0]=x&a[1]=y` as `['x', 'y']`: a bracket object whose keys are all
 * indices up to `arrayLimit` becomes an array in index order, holes dropped. Any
 * other key, or a larger index, keeps it an object (`must be array` then follows).
 */
function indexedObjectsToArrays(value: unknown, arrayLimit: number): unknown {
	if (!isContainer(value)) {
		return value;
	}
	if (Array.isArray(value)) {
		return value.map((item) => indexedObjectsToArrays(item, arrayLimit));
	}
	const keys = Object.keys(value);
	for (const key of keys) {
		value[key] = indexedObjectsToArrays(value[key], arrayLimit);
	}
	const isIndexed = keys.length > 0 && keys.every((key) => INDEX.test(key) && Number(key) <= arrayLimit);
	// Integer keys enumerate in ascending order, so the values come out in index order.
	return isIndexed ? Object.values(value) : value;
}

/** @example parseQueryString('a=1&a=2&b[c]=3&d[]=4&e[0]=5') // { a: ['1', '2'], b: { c: '3' }, d: ['4'], e: ['5'] } */
export function parseQueryString(raw: string, arrayLimit = QUERY_ARRAY_LIMIT): Record<string, unknown> {
	const result: Record<string, unknown> = {};
	if (!raw) {
		return result;
	}
	let hasIndexedKeys = false;
	for (const pair of raw.split('&')) {
		if (!pair) {
			continue;
		}
		const eq = pair.indexOf('=');
		const key = decode(eq === -1 ? pair : pair.slice(0, eq));
		if (key) {
			hasIndexedKeys ||= BRACKET_INDEX.test(key);
			assign(result, key, decode(eq === -1 ? '' : pair.slice(eq + 1)));
		}
	}
	if (hasIndexedKeys) {
		for (const key of Object.keys(result)) {
			result[key] = indexedObjectsToArrays(result[key], arrayLimit);
		}
	}
	return result;
}
