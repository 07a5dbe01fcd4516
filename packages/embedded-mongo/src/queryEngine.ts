import { Context } from 'mingo';
import { Aggregator as MingoAggregator } from 'mingo/aggregator';
import { type Iterator, Lazy } from 'mingo/lazy';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import * as pipelineOperators from 'mingo/operators/pipeline';
import * as projectionOperators from 'mingo/operators/projection';
import * as queryOperators from 'mingo/operators/query';
import * as windowOperators from 'mingo/operators/window';
import { Query as MingoQuery } from 'mingo/query';
import type { Options } from 'mingo/types';
import { update as mingoUpdate } from 'mingo/updater';
import { ensureArray, resolve } from 'mingo/util';
import type { Document } from 'mongodb';

import { compareStrings } from './bsonOrder';
import { contentKey, type FilterDescription } from './filterShape';
import { sortDocuments } from './sorting';
import { isPlainObject } from './values';

/*
 * mingo, with MongoDB's semantics where its own differ: string ranges and
 * sorts in code point (UTF-8) order, and `$type` with every BSON type name and
 * number (mingo knows no `objectId`). Every query, update and aggregation of
 * the store goes through this module.
 */

type QueryOperator = (selector: string, value: unknown, options: Options) => (doc: unknown) => boolean;
type Predicate = (value: unknown) => boolean;

const int32 = (value: number) => Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31;
const bsonType = (value: unknown) => (value as { _bsontype?: string } | null)?._bsontype;

/*
 * A JavaScript number is stored by the driver as an int32 when it is an
 * integer in range and as a double otherwise, so that is the type it has.
 */
const TYPE_TESTS: Record<string, Predicate> = {
	double: (value) => (typeof value === 'number' && !int32(value)) || bsonType(value) === 'Double',
	string: (value) => typeof value === 'string',
	object: isPlainObject,
	array: Array.isArray,
	binData: (value) => value instanceof Uint8Array || bsonType(value) === 'Binary' || bsonType(value) === 'UUID',
	undefined: () => false,
	objectId: (value) => bsonType(value) === 'ObjectId',
	bool: (value) => typeof value === 'boolean',
	date: (value) => value instanceof Date,
	null: (value) => value === null,
	regex: (value) => value instanceof RegExp || bsonType(value) === 'BSONRegExp',
	javascript: (value) => bsonType(value) === 'Code',
	symbol: (value) => bsonType(value) === 'BSONSymbol',
	int: (value) => (typeof value === 'number' && int32(value)) || bsonType(value) === 'Int32',
	timestamp: (value) => bsonType(value) === 'Timestamp',
	long: (value) => typeof value === 'bigint' || bsonType(value) === 'Long',
	decimal: (value) => bsonType(value) === 'Decimal128',
	minKey: (value) => bsonType(value) === 'MinKey',
	maxKey: (value) => bsonType(value) === 'MaxKey',
};
const TYPE_NUMBERS: Record<number, string> = {
	1: 'double', 2: 'string', 3: 'object', 4: 'array', 5: 'binData', 6: 'undefined', 7: 'objectId', 8: 'bool', 9: 'date', 10: 'null',
	11: 'regex', 13: 'javascript', 14: 'symbol', 16: 'int', 17: 'timestamp', 18: 'long', 19: 'decimal', [-1]: 'minKey', 127: 'maxKey',
};

function typeTest(type: unknown): Predicate {
	if (type === 'number') return (value) => TYPE_TESTS.double(value) || TYPE_TESTS.int(value) || TYPE_TESTS.long(value) || TYPE_TESTS.decimal(value);
	const name = typeof type === 'number' ? TYPE_NUMBERS[type] : String(type);
	const test = TYPE_TESTS[name];
	if (!test) throw new Error(`Unknown type name alias: ${String(type)}`);
	return test;
}

/** `$type`: the field, or for an array field any of its elements, has one of the given types; missing fields have none. */
const $type: QueryOperator = (selector, types) => {
	const tests = (Array.isArray(types) ? types : [types]).map(typeTest);
	const matches = (value: unknown) => tests.some((test) => test(value));
	return (doc) => {
		const value = resolve(doc as Document, selector, { unwrapArray: true });
		if (value === undefined) return false;
		return matches(value) || (Array.isArray(value) && value.some(matches));
	};
};

/** A range operator that orders strings by code point; other types keep mingo's comparison. */
function stringRange(builtin: QueryOperator, accepts: (order: number) => boolean): QueryOperator {
	return (selector, bound, options) => {
		if (typeof bound !== 'string') return builtin(selector, bound, options);
		return (doc) => {
			for (const value of ensureArray(resolve(doc as Document, selector, { unwrapArray: true }))) {
				if (typeof value === 'string' && accepts(compareStrings(value, bound))) return true;
			}
			return false;
		};
	};
}

const builtinQuery = queryOperators as unknown as Record<string, QueryOperator>;

/** The `$sort` stage with MongoDB's order (the same as cursors'). */
function $sort(collection: Iterator, spec: Record<string, 1 | -1>): Iterator {
	return collection.transform((documents) => Lazy(sortDocuments(documents as Document[], spec)));
}

const query = {
	...queryOperators,
	$type,
	$gt: stringRange(builtinQuery.$gt, (order) => order > 0),
	$gte: stringRange(builtinQuery.$gte, (order) => order >= 0),
	$lt: stringRange(builtinQuery.$lt, (order) => order < 0),
	$lte: stringRange(builtinQuery.$lte, (order) => order <= 0),
};

const context = Context.init({
	accumulator: accumulatorOperators,
	expression: expressionOperators,
	pipeline: { ...pipelineOperators, $sort },
	projection: projectionOperators,
	query,
	window: windowOperators,
} as never);

/** Options for every mingo call: our operators, and no server-side scripts (`$where`, `$function`). */
export const QUERY_OPTIONS = { scriptEnabled: false, context } as Partial<Options>;

/*
 * Operator-document updates evaluate only query operators (the filter for `$`,
 * `arrayFilters`, `$pull` conditions); pipeline updates go through the Aggregator.
 * mingo's updater merges its operator tables into the given context on every
 * call, which with the full context (every expression operator) cost about
 * 0.4 ms per update on a 2-core machine, so updates get a context with just ours.
 */
const UPDATE_QUERY_OPTIONS = { scriptEnabled: false, context: Context.init({ query } as never) } as Partial<Options>;

let genericCompilations = 0;

export class Query extends MingoQuery {
	constructor(condition: Document, options: Partial<Options> = QUERY_OPTIONS) {
		super(condition, options);
		genericCompilations++;
	}
}

/** How many generic (mingo) queries were compiled so far; hot lookups must not add to it. */
export function genericQueryCompilations(): number {
	return genericCompilations;
}

const genericByContent = new Map<string, Query>();
const MAX_GENERIC_QUERIES = 500;

/** The mingo query for a filter, compiled once per distinct filter content (the least recently added are dropped). */
export function genericQuery(filter: Document, description: FilterDescription): Query {
	const key = contentKey(description);
	let query = genericByContent.get(key);
	if (!query) {
		query = new Query(filter);
		if (genericByContent.size >= MAX_GENERIC_QUERIES) genericByContent.delete(genericByContent.keys().next().value as string);
		genericByContent.set(key, query);
	}
	return query;
}

export class Aggregator extends MingoAggregator {
	constructor(pipeline: Document[], options: Partial<Options> = {}) {
		super(pipeline, { ...QUERY_OPTIONS, ...options });
	}
}

/** Applies update operators to `doc` in place; returns the changed paths. */
export function applyUpdateOperators(doc: Document, modifier: Document, arrayFilters: Document[] | undefined, condition: Document): string[] {
	return mingoUpdate(doc, modifier, arrayFilters, condition, { cloneMode: 'deep', queryOptions: UPDATE_QUERY_OPTIONS });
}
