import { BSON, ObjectId } from 'mongodb';
import type { Document } from 'mongodb';

import { deepClone } from './clone';
import { serverError } from './errors';
import { isOperatorObject } from './filterShape';
import { Aggregator, applyUpdateOperators } from './queryEngine';
import { valueAtExactPath, valueKey } from './values';

/** What an update did to one document. */
export interface UpdateOutcome {
	doc: Document;
	modified: boolean;
	/** Paths changed, for the change event's `updateDescription`. */
	updatedFields: Record<string, unknown>;
	removedFields: string[];
}

export interface UpdateContext {
	filter: Document;
	arrayFilters?: Document[];
	/** True when the update builds an upserted document, so `$setOnInsert` applies. */
	inserting?: boolean;
}

export function isPipelineUpdate(update: Document | Document[]): update is Document[] {
	return Array.isArray(update);
}

/** Rejects what MongoDB rejects before touching anything. */
export function assertOperatorUpdate(update: Document | Document[]): void {
	if (isPipelineUpdate(update)) return;
	const keys = Object.keys(update);
	if (keys.length === 0 || keys.some((key) => !key.startsWith('$'))) {
		throw serverError(9, 'FailedToParse', 'Update document requires atomic operators');
	}
}

export function assertReplacement(replacement: Document): void {
	if (Object.keys(replacement).some((key) => key.startsWith('$'))) {
		throw serverError(2, 'BadValue', 'Replacement document must not contain atomic operators');
	}
}

/** Applies an operator or pipeline update to a copy of `current`. */
export function applyUpdate(current: Document, update: Document | Document[], context: UpdateContext): UpdateOutcome {
	if (isPipelineUpdate(update)) {
		const [next] = new Aggregator(update).run([deepClone(current)]) as Document[];
		return withIdGuard(current, describeDifference(current, next));
	}
	assertNoConflictingPaths(update);
	const modifier = operatorsFor(update, Boolean(context.inserting));
	const doc = deepClone(current);
	const paths = Object.keys(modifier).length ? runOperators(doc, modifier, context) : [];
	const updatedFields: Record<string, unknown> = {};
	const removedFields: string[] = [];
	for (const path of paths) {
		const value = valueAtExactPath(doc, path);
		if (value === undefined) removedFields.push(path);
		else updatedFields[path] = value;
	}
	return withIdGuard(current, { doc, modified: paths.length > 0, updatedFields, removedFields });
}

/** A replacement keeps the stored `_id`; changing it is an error, as on MongoDB. */
export function applyReplacement(current: Document, replacement: Document): UpdateOutcome {
	assertReplacement(replacement);
	const { _id: _ignored, ...rest } = deepClone(replacement);
	const doc = { _id: current._id, ...rest };
	if ('_id' in replacement && valueKey(replacement._id) !== valueKey(current._id)) {
		throw immutableIdError();
	}
	return { ...describeDifference(current, doc), doc };
}

/**
 * The document an upsert inserts: the filter's equality conditions, then the
 * update (with `$setOnInsert`) or the replacement, then a fresh ObjectId if
 * neither named an `_id`.
 */
export function buildUpsert(filter: Document, update: Document | Document[], arrayFilters: Document[] | undefined, isReplacement: boolean): Document {
	const seed: Document = {};
	for (const [path, value] of equalityConditions(filter)) setPath(seed, path, deepClone(value));
	let doc: Document;
	if (isReplacement) {
		assertReplacement(update as Document);
		doc = { ...seed, ...deepClone(update as Document) };
		if (seed._id !== undefined) doc._id = seed._id;
	} else {
		doc = applyUpdate(seed, update, { filter: {}, arrayFilters, inserting: true }).doc;
		if (seed._id !== undefined && valueKey(doc._id) !== valueKey(seed._id)) throw immutableIdError();
	}
	const { _id = new ObjectId(), ...rest } = doc;
	return { _id, ...rest };
}

interface PathNode {
	leaf: boolean;
	children: Map<string, PathNode>;
}

/**
 * MongoDB refuses an update in which two operators (or two fields of one)
 * touch the same path or a path and its parent, before changing anything:
 * it builds a tree of the paths in document order, and a path that ends on
 * or passes through another's leaf is a conflict (code 40). `$rename` claims
 * both its source and its target. `$setOnInsert` counts on updates too.
 */
function assertNoConflictingPaths(update: Document): void {
	const root: PathNode = { leaf: false, children: new Map() };
	const claim = (path: string) => {
		const segments = path.split('.');
		let node = root;
		for (let i = 0; i < segments.length; i++) {
			const last = i === segments.length - 1;
			const child = node.children.get(segments[i]);
			if (child && (last || child.leaf)) {
				throw serverError(40, 'ConflictingUpdateOperators', `Updating the path '${path}' would create a conflict at '${segments.slice(0, i + 1).join('.')}'`);
			}
			const next = child ?? { leaf: last, children: new Map() };
			node.children.set(segments[i], next);
			node = next;
		}
	};
	for (const [operator, fields] of Object.entries(update)) {
		if (fields === null || typeof fields !== 'object') continue;
		for (const [path, value] of Object.entries(fields as Document)) {
			claim(path);
			if (operator === '$rename' && typeof value === 'string' && value !== path) claim(value);
		}
	}
}

/** mingo throws plain errors; callers expect the server's coded ones. */
function runOperators(doc: Document, modifier: Document, context: UpdateContext): string[] {
	try {
		return applyUpdateOperators(doc, modifier, context.arrayFilters, context.filter);
	} catch (error) {
		const { message } = error as Error;
		if (message.includes("immutable field '_id'")) throw immutableIdError();
		if (message.startsWith('Unknown update operator')) throw serverError(9, 'FailedToParse', message);
		throw serverError(2, 'BadValue', message);
	}
}

function operatorsFor(update: Document, inserting: boolean): Document {
	const { $setOnInsert, ...rest } = update;
	if (!inserting || !$setOnInsert) return rest;
	return { ...rest, $set: { ...(rest.$set ?? {}), ...$setOnInsert } };
}

function withIdGuard(current: Document, outcome: UpdateOutcome): UpdateOutcome {
	if (current._id !== undefined && valueKey(outcome.doc._id) !== valueKey(current._id)) {
		throw immutableIdError();
	}
	return outcome;
}

function immutableIdError(): Error {
	return serverError(66, 'ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");
}

/** Top-level difference between two versions (pipeline updates and replacements). */
function describeDifference(before: Document, after: Document): UpdateOutcome {
	const updatedFields: Record<string, unknown> = {};
	const removedFields: string[] = [];
	for (const key of Object.keys(after)) {
		if (!(key in before) || !sameValue(before[key], after[key])) updatedFields[key] = after[key];
	}
	for (const key of Object.keys(before)) {
		if (!(key in after)) removedFields.push(key);
	}
	const reordered = Object.keys(before).join('\u0000') !== Object.keys(after).join('\u0000');
	const modified = Object.keys(updatedFields).length > 0 || removedFields.length > 0 || reordered;
	return { doc: after, modified, updatedFields, removedFields };
}

export function sameValue(a: unknown, b: unknown): boolean {
	return BSON.EJSON.stringify({ v: a } as Document, { relaxed: false }) === BSON.EJSON.stringify({ v: b } as Document, { relaxed: false });
}

function* equalityConditions(filter: Document): Iterable<[string, unknown]> {
	for (const [key, condition] of Object.entries(filter)) {
		if (key === '$and' && Array.isArray(condition)) {
			for (const branch of condition) yield* equalityConditions(branch);
		} else if (!key.startsWith('$')) {
			if (condition instanceof RegExp) continue;
			if (isOperatorObject(condition)) {
				if ('$eq' in (condition as Document)) yield [key, (condition as Document).$eq];
			} else {
				yield [key, condition];
			}
		}
	}
}


function setPath(target: Document, path: string, value: unknown): void {
	const segments = path.split('.');
	let current = target;
	for (const segment of segments.slice(0, -1)) {
		if (current[segment] === null || typeof current[segment] !== 'object') current[segment] = {};
		current = current[segment];
	}
	current[segments[segments.length - 1]] = value;
}
