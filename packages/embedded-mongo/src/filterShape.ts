import type { Document } from 'mongodb';

import { isPlainObject, valueKey } from './values';

/**
 * A filter split into its shape — field paths, operators and the kind of
 * each value, e.g. `{"_id":?s,"roles":?s}` — and its values in walking
 * order. Queries that differ only in their values share a shape, so
 * whatever is compiled for one shape serves them all.
 */
export interface FilterDescription {
	shape: string;
	values: unknown[];
}

const LOGICAL = new Set(['$and', '$or', '$nor']);
/** Operators whose argument is itself a filter or a condition, walked rather than taken as one value. */
const NESTED = new Set(['$elemMatch', '$not']);

/** Whether every key of a plain object is an operator (`{ $ne: 1 }`), as opposed to an embedded document. */
export function isOperatorObject(value: unknown): value is Document {
	if (!isPlainObject(value)) return false;
	let any = false;
	for (const key in value) {
		if (key.charCodeAt(0) !== 36 /* $ */) return false;
		any = true;
	}
	return any;
}

function isScalar(value: unknown): boolean {
	return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && !Number.isNaN(value));
}

/** The kind of a value as far as compiled filters care: compiled code may rely on it, never on the value itself. */
function kindOf(value: unknown): string {
	switch (typeof value) {
		case 'string':
			return 's';
		case 'boolean':
			return 'b';
		case 'number':
			return Number.isNaN(value) ? 'o' : 'n';
		default:
			break;
	}
	if (value === null) return 'z';
	if (value instanceof RegExp) return `r${value.flags}`;
	if (Array.isArray(value)) return value.every(isScalar) ? 'a' : 'o';
	return 'o';
}

export function describeFilter(filter: Document): FilterDescription {
	const values: unknown[] = [];
	return { shape: describeQuery(filter, values), values };
}

function leaf(value: unknown, values: unknown[]): string {
	values.push(value);
	return `?${kindOf(value)}`;
}

function describeQuery(filter: Document, values: unknown[]): string {
	let shape = '{';
	for (const key in filter) {
		const condition = filter[key];
		if (LOGICAL.has(key) && Array.isArray(condition)) {
			shape += `${key}:[`;
			for (const clause of condition) shape += `${isPlainObject(clause) ? describeQuery(clause, values) : leaf(clause, values)},`;
			shape += '],';
		} else if (key.charCodeAt(0) === 36) {
			shape += `${key}:${leaf(condition, values)},`;
		} else {
			shape += `${JSON.stringify(key)}:${describeCondition(condition, values)},`;
		}
	}
	return `${shape}}`;
}

function describeCondition(condition: unknown, values: unknown[]): string {
	if (!isOperatorObject(condition)) return leaf(condition, values);
	let shape = '{';
	for (const operator in condition) {
		const argument = condition[operator];
		if (NESTED.has(operator) && isPlainObject(argument)) {
			shape += `${operator}:${isOperatorObject(argument) ? describeCondition(argument, values) : describeQuery(argument, values)},`;
		} else {
			shape += `${operator}:${leaf(argument, values)},`;
		}
	}
	return `${shape}}`;
}

/** Whether two value lists of one shape are equal (objects by content, so a filter changed in place is noticed). */
export function sameValues(a: unknown[], b: unknown[]): boolean {
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) {
		const x = a[i];
		const y = b[i];
		if (Object.is(x, y) && (x === null || typeof x !== 'object')) continue;
		if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object' || valueKey(x) !== valueKey(y)) return false;
	}
	return true;
}

/** A key for a filter's full content (shape and values), e.g. to cache what cannot be compiled by shape. */
export function contentKey({ shape, values }: FilterDescription): string {
	let key = shape;
	for (const value of values) {
		const text = typeof value === 'string' ? value : valueKey(value);
		key += `\u0001${text.length}:${text}`;
	}
	return key;
}
