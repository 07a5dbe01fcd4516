import type { Document } from 'mongodb';

import { describeFilter, type FilterDescription, isOperatorObject } from './filterShape';
import { isPlainObject } from './values';

/** A compiled test cannot decide this document (an unusual stored type); mingo must. */
export const UNDECIDED = Symbol('undecided');

export type CompiledFilter = (doc: Document) => boolean | typeof UNDECIDED;

type Scalar = string | number | boolean;
type Test = (doc: Document) => boolean;
/** Turns a shape's compiled code into a test for one query's values (null: these values need mingo). */
type Binder = (values: unknown[]) => Test | null;

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

function equalsScalar(segments: string[], expected: Scalar): Test {
	const test = (value: unknown) => {
		assertComparable(value);
		return value === expected;
	};
	return (doc) => someLeaf(doc, segments, 0, test);
}

function inScalars(segments: string[], expected: Scalar[]): Test {
	const set = new Set<unknown>(expected);
	const test = (value: unknown) => {
		assertComparable(value);
		return set.has(value);
	};
	return (doc) => someLeaf(doc, segments, 0, test);
}

function matchesRegex(segments: string[], regex: RegExp): Test {
	const test = (value: unknown) => {
		assertComparable(value);
		return typeof value === 'string' && regex.test(value);
	};
	return (doc) => someLeaf(doc, segments, 0, test);
}

function toRegex(pattern: unknown, options: unknown): RegExp | null {
	const flags = typeof options === 'string' ? options : options === undefined ? '' : null;
	if (flags === null || !/^[ims]*$/.test(flags)) return null;
	try {
		if (pattern instanceof RegExp) {
			return /^[ims]*$/.test(pattern.flags) ? new RegExp(pattern.source, [...new Set(pattern.flags + flags)].join('')) : null;
		}
		return typeof pattern === 'string' ? new RegExp(pattern, flags) : null;
	} catch {
		return null;
	}
}

/** Hands out the positions of a filter's values in the order `describeFilter` lists them. */
class ValueCursor {
	next = 0;
	take(): number {
		return this.next++;
	}
}

function compileOperators(segments: string[], operators: Document, cursor: ValueCursor): Binder | null {
	const names = Object.keys(operators);
	if (names.length === 1) {
		const [name] = names;
		const argument = operators[name];
		const at = cursor.take();
		if ((name === '$eq' || name === '$ne') && isScalar(argument)) {
			return name === '$eq'
				? (values) => equalsScalar(segments, values[at] as Scalar)
				: (values) => {
						const equals = equalsScalar(segments, values[at] as Scalar);
						return (doc) => !equals(doc);
					};
		}
		if (name === '$in' && Array.isArray(argument) && argument.every(isScalar)) {
			return (values) => inScalars(segments, values[at] as Scalar[]);
		}
		if (name === '$regex') return (values) => bindRegex(segments, values[at], undefined);
		return null;
	}
	if (names.length === 2 && names.includes('$regex') && names.includes('$options')) {
		const first = cursor.take();
		const second = cursor.take();
		const [regexAt, optionsAt] = names[0] === '$regex' ? [first, second] : [second, first];
		return (values) => bindRegex(segments, values[regexAt], values[optionsAt]);
	}
	return null;
}

function bindRegex(segments: string[], pattern: unknown, options: unknown): Test | null {
	const regex = toRegex(pattern, options);
	return regex && matchesRegex(segments, regex);
}

function compileField(path: string, condition: unknown, cursor: ValueCursor): Binder | null {
	const segments = path.split('.');
	if (segments.some((segment) => segment === '' || /^\d+$/.test(segment) || segment.startsWith('$'))) return null;
	if (isOperatorObject(condition)) return compileOperators(segments, condition, cursor);
	const at = cursor.take();
	if (isScalar(condition)) return (values) => equalsScalar(segments, values[at] as Scalar);
	if (condition instanceof RegExp) return (values) => bindRegex(segments, values[at], undefined);
	return null;
}

function compileClauses(clauses: unknown, cursor: ValueCursor): Binder[] | null {
	if (!Array.isArray(clauses) || clauses.length === 0) return null;
	const compiled: Binder[] = [];
	for (const clause of clauses) {
		const binder = isPlainObject(clause) ? compileQuery(clause, cursor) : null;
		if (!binder) return null;
		compiled.push(binder);
	}
	return compiled;
}

function bindAll(binders: Binder[], values: unknown[]): Test[] | null {
	const tests: Test[] = [];
	for (const binder of binders) {
		const test = binder(values);
		if (!test) return null;
		tests.push(test);
	}
	return tests;
}

function compileQuery(filter: Document, cursor: ValueCursor): Binder | null {
	const parts: Binder[] = [];
	for (const [key, condition] of Object.entries(filter)) {
		if (key === '$or' || key === '$and' || key === '$nor') {
			const clauses = compileClauses(condition, cursor);
			if (!clauses) return null;
			parts.push((values) => {
				const tests = bindAll(clauses, values);
				if (!tests) return null;
				if (key === '$and') return (doc) => tests.every((test) => test(doc));
				return key === '$or' ? (doc) => tests.some((test) => test(doc)) : (doc) => !tests.some((test) => test(doc));
			});
		} else {
			const binder = compileField(key, condition, cursor);
			if (!binder) return null;
			parts.push(binder);
		}
	}
	return (values) => {
		const tests = bindAll(parts, values);
		if (!tests) return null;
		return tests.length === 1 ? tests[0] : (doc) => tests.every((test) => test(doc));
	};
}

/** Compiled code per filter shape; a shape that cannot be compiled is remembered as null. */
const byShape = new Map<string, Binder | null>();
const MAX_SHAPES = 2_000;

/**
 * A native predicate for the common filter shapes — scalar equality, `$eq`,
 * `$ne`, `$in` of scalars, `$regex` (+ `$options` i/m/s) on dotted paths,
 * combined with implicit AND, `$and`, `$or` and `$nor` — many times faster
 * than mingo's interpreter. It is compiled once per filter shape (see
 * `describeFilter`) and bound to each query's values. Any other filter
 * returns null, and any document holding a value of an unusual type on a
 * tested path answers `UNDECIDED`: the caller uses mingo then.
 *
 * @example compileFilter({ unknown: false, $or: [{ name: { $regex: 'ann', $options: 'i' } }] })
 */
export function compileFilter(filter: Document, description: FilterDescription = describeFilter(filter)): CompiledFilter | null {
	let binder = byShape.get(description.shape);
	if (binder === undefined) {
		binder = compileQuery(filter, new ValueCursor());
		if (byShape.size >= MAX_SHAPES) byShape.clear();
		byShape.set(description.shape, binder);
	}
	const test = binder?.(description.values);
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
