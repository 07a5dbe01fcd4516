import type { Document } from 'mongodb';

import { isPlainObject } from './values';

/** A compiled test cannot decide this document (an unusual stored type); mingo must. */
export const UNDECIDED = Symbol('undecided');

export type CompiledFilter = (doc: Document) => boolean | typeof UNDECIDED;

type Scalar = string | number | boolean;

class Undecided extends Error {}


function isScalar(value: unknown): value is Scalar {
	return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && !Number.isNaN(value));
}

/**
 * Whether some value a dotted path reaches passes `test`, by MongoDB's query
 * rules: an array met on the way contributes each of its (object) elements,
 * and an array at the end contributes its elements. Missing paths reach
 * nothing. Nested arrays are left to mingo. Allocation-free: it runs once per
 * candidate document.
 */
function someLeaf(value: unknown, segments: string[], index: number, test: (leaf: unknown) => boolean): boolean {
	if (index === segments.length) {
		if (!Array.isArray(value)) return value !== undefined && test(value);
		for (const element of value) {
			if (Array.isArray(element)) throw new Undecided();
			if (test(element)) return true;
		}
		return false;
	}
	if (!Array.isArray(value)) return isPlainObject(value) && someLeaf(value[segments[index]], segments, index + 1, test);
	for (const element of value) {
		if (Array.isArray(element)) throw new Undecided();
		if (isPlainObject(element) && someLeaf(element[segments[index]], segments, index + 1, test)) return true;
	}
	return false;
}

/** Anything that is neither a plain JSON-like value nor a string/number/boolean could compare in ways only mingo knows. */
function assertComparable(value: unknown): void {
	if (value !== null && typeof value === 'object' && !Array.isArray(value) && !isPlainObject(value)) throw new Undecided();
}

function equalsScalar(segments: string[], expected: Scalar): (doc: Document) => boolean {
	const test = (value: unknown) => {
		assertComparable(value);
		return value === expected;
	};
	return (doc) => someLeaf(doc, segments, 0, test);
}

function matchesRegex(segments: string[], regex: RegExp): (doc: Document) => boolean {
	const test = (value: unknown) => {
		assertComparable(value);
		return typeof value === 'string' && regex.test(value);
	};
	return (doc) => someLeaf(doc, segments, 0, test);
}

function toRegex(pattern: unknown, options: unknown): RegExp | null {
	const flags = typeof options === 'string' ? options : options === undefined ? '' : null;
	if (flags === null || !/^[ims]*$/.test(flags)) return null;
	if (pattern instanceof RegExp) {
		return /^[ims]*$/.test(pattern.flags) ? new RegExp(pattern.source, [...new Set(pattern.flags + flags)].join('')) : null;
	}
	return typeof pattern === 'string' ? new RegExp(pattern, flags) : null;
}

function compileField(path: string, condition: unknown): ((doc: Document) => boolean) | null {
	const segments = path.split('.');
	if (segments.some((segment) => segment === '' || /^\d+$/.test(segment) || segment.startsWith('$'))) return null;
	if (isScalar(condition)) return equalsScalar(segments, condition);
	if (condition instanceof RegExp) {
		const regex = toRegex(condition, undefined);
		return regex && matchesRegex(segments, regex);
	}
	if (!isPlainObject(condition)) return null;
	const operators = Object.keys(condition);
	if (operators.length === 1 && operators[0] === '$ne' && isScalar(condition.$ne)) {
		const equals = equalsScalar(segments, condition.$ne);
		return (doc) => !equals(doc);
	}
	if (operators.length === 1 && operators[0] === '$eq' && isScalar(condition.$eq)) {
		return equalsScalar(segments, condition.$eq);
	}
	if (operators.every((operator) => operator === '$regex' || operator === '$options') && '$regex' in condition) {
		const regex = toRegex(condition.$regex, condition.$options);
		return regex && matchesRegex(segments, regex);
	}
	return null;
}

function compileClauses(clauses: unknown): ((doc: Document) => boolean)[] | null {
	if (!Array.isArray(clauses) || clauses.length === 0) return null;
	const compiled = clauses.map((clause) => (isPlainObject(clause) ? compileAnd(clause) : null));
	return compiled.every(Boolean) ? (compiled as ((doc: Document) => boolean)[]) : null;
}

function compileAnd(filter: Document): ((doc: Document) => boolean) | null {
	const tests: ((doc: Document) => boolean)[] = [];
	for (const [key, condition] of Object.entries(filter)) {
		if (key === '$or' || key === '$and') {
			const clauses = compileClauses(condition);
			if (!clauses) return null;
			tests.push(key === '$or' ? (doc) => clauses.some((test) => test(doc)) : (doc) => clauses.every((test) => test(doc)));
		} else {
			const test = compileField(key, condition);
			if (!test) return null;
			tests.push(test);
		}
	}
	return (doc) => tests.every((test) => test(doc));
}

/**
 * A native predicate for the common filter shapes — scalar equality, `$eq`,
 * `$ne`, `$regex` (+ `$options` i/m/s) on dotted paths, combined with
 * implicit AND, `$and` and `$or` — about twenty times faster than mingo's
 * interpreter on large candidate sets (e.g. contacts.search). Any other
 * filter returns null, and any document holding a value of an unusual type on
 * a tested path answers `UNDECIDED`: the caller uses mingo then.
 *
 * @example compileFilter({ unknown: false, $or: [{ name: { $regex: 'ann', $options: 'i' } }] })
 */
export function compileFilter(filter: Document): CompiledFilter | null {
	const test = compileAnd(filter);
	if (!test) return null;
	return (doc) => {
		try {
			return test(doc);
		} catch (error) {
			if (error instanceof Undecided) return UNDECIDED;
			throw error;
		}
	};
}
