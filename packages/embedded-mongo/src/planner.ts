import type { Document } from 'mongodb';

import { EqualityIndex } from './indexes/equalityIndex';
import { SubstringIndex } from './indexes/substringIndex';
import { isOperatorObject } from './filterShape';
import { Query } from './queryEngine';
import { regexLiteral } from './regexLiteral';
import type { DocumentStore } from './store';
import { isIndexableScalar } from './values';


/** Constraints an index can serve, gathered from the AND-ed top level of a filter. */
interface Constraints {
	equalities: Map<string, unknown[]>;
	substrings: { field: string; literal: string }[];
	/** `$or`s and `$and`s, planned recursively. */
	ors: Document[][];
	ands: Document[];
}

/** Candidate slots and the index (or indexes) that produced them. */
export interface Plan {
	slots: number[];
	index: string;
}

/**
 * Picks candidate slots for a filter from the `_id` map and secondary
 * indexes, or returns null when the collection must be scanned. Candidates
 * are a superset of the matches, in ascending slot order; the caller always
 * re-checks them with the full filter, so an index only ever saves work.
 */
export function planCandidates(store: DocumentStore, filter: Document): Plan | null {
	const constraints = gather(filter);
	let best: Plan | null = null;
	const consider = (plan: Plan | null) => {
		if (plan && (best === null || plan.slots.length < best.slots.length)) best = plan;
	};

	const ids = constraints.equalities.get('_id');
	if (ids) {
		const slots: number[] = [];
		for (const id of ids) {
			const slot = store.slotOfId(id);
			if (slot !== undefined) slots.push(slot);
		}
		return { slots: sortUnique(slots), index: '_id_' };
	}
	for (const { field, literal } of constraints.substrings) {
		consider(substringLookup(store, field, literal));
	}
	for (const branches of constraints.ors) {
		consider(unionOfBranches(store, branches));
	}
	for (const branch of constraints.ands) {
		consider(planCandidates(store, branch));
	}
	// Last, so a broad equality (e.g. `unknown: false` on most documents) is
	// never materialized when a narrower plan already exists.
	consider(bestEqualityLookup(store, constraints.equalities, (best as Plan | null)?.slots.length));
	return best;
}

function unionOfBranches(store: DocumentStore, branches: Document[]): Plan | null {
	const union: number[] = [];
	const indexes: string[] = [];
	for (const branch of branches) {
		const plan = planCandidates(store, branch);
		if (plan === null) return null;
		for (const slot of plan.slots) union.push(slot);
		indexes.push(plan.index);
	}
	return { slots: sortUnique(union), index: `$or(${indexes.join(', ')})` };
}

function bestEqualityLookup(store: DocumentStore, equalities: Map<string, unknown[]>, mustBeUnder = Infinity): Plan | null {
	if (equalities.size === 0) return null;
	let chosen: { index: EqualityIndex; values: unknown[][]; estimate: number } | null = null;
	for (const index of store.readyIndexes()) {
		if (!(index instanceof EqualityIndex)) continue;
		const values = index.fieldNames.map((field) => equalities.get(field));
		if (values.some((list) => list === undefined)) continue;
		if (!partialFilterImplied(index.definition.partialFilterExpression, equalities)) continue;
		const estimate = index.estimate(values as unknown[][]);
		if (!chosen || estimate < chosen.estimate) chosen = { index, values: values as unknown[][], estimate };
	}
	if (!chosen || chosen.estimate >= mustBeUnder) return null;
	return { slots: sortUnique(chosen.index.lookup(chosen.values)), index: chosen.index.definition.name };
}

function substringLookup(store: DocumentStore, field: string, literal: string): Plan | null {
	for (const index of store.readyIndexes()) {
		if (index instanceof SubstringIndex && index.fieldName === field) {
			return { slots: index.matches(literal, store.capacity).toArray(), index: index.definition.name };
		}
	}
	return null;
}

/**
 * A partial index holds only documents matching its filter, so it may serve
 * a query only when the query's equalities guarantee that filter.
 */
function partialFilterImplied(partial: Document | undefined, equalities: Map<string, unknown[]>): boolean {
	if (!partial) return true;
	return Object.entries(partial).every(([path, condition]) => {
		if (isExistsTrue(condition)) {
			return [...equalities.keys()].some((field) => field === path || field.startsWith(`${path}.`));
		}
		const values = equalities.get(path);
		if (!values) return false;
		const test = new Query({ [path]: condition });
		return values.every((value) => test.test(nest(path, value)));
	});
}

function isExistsTrue(condition: unknown): boolean {
	return typeof condition === 'object' && condition !== null && (condition as Document).$exists === true && Object.keys(condition).length === 1;
}

function nest(path: string, value: unknown): Document {
	const root: Document = {};
	const segments = path.split('.');
	let current = root;
	segments.slice(0, -1).forEach((segment) => {
		current[segment] = {};
		current = current[segment];
	});
	current[segments[segments.length - 1]] = value;
	return root;
}

function gather(filter: Document): Constraints {
	const constraints: Constraints = { equalities: new Map(), substrings: [], ors: [], ands: [] };
	for (const [key, condition] of Object.entries(filter)) {
		if (key === '$and' && Array.isArray(condition)) {
			constraints.ands.push(...condition);
		} else if (key === '$or' && Array.isArray(condition) && condition.length > 0) {
			constraints.ors.push(condition);
		} else if (!key.startsWith('$')) {
			gatherField(constraints, key, condition);
		}
	}
	return constraints;
}

function gatherField(constraints: Constraints, field: string, condition: unknown): void {
	if (condition instanceof RegExp) {
		addSubstring(constraints, field, condition.source, condition.flags);
		return;
	}
	if (!isOperatorObject(condition)) {
		if (isIndexableScalar(condition)) addEquality(constraints, field, [condition]);
		return;
	}
	const operators = condition as Document;
	if ('$eq' in operators && isIndexableScalar(operators.$eq)) {
		addEquality(constraints, field, [operators.$eq]);
	}
	if (Array.isArray(operators.$in) && operators.$in.length > 0 && operators.$in.every(isIndexableScalar)) {
		addEquality(constraints, field, operators.$in);
	}
	if ('$regex' in operators) {
		const { $regex: regex, $options: options = '' } = operators;
		if (regex instanceof RegExp) {
			addSubstring(constraints, field, regex.source, regex.flags + options);
		} else if (typeof regex === 'string') {
			addSubstring(constraints, field, regex, String(options));
		}
	}
	if (operators.$elemMatch && typeof operators.$elemMatch === 'object' && !isOperatorObject(operators.$elemMatch)) {
		for (const [subField, subCondition] of Object.entries(operators.$elemMatch as Document)) {
			if (!subField.startsWith('$')) gatherField(constraints, `${field}.${subField}`, subCondition);
		}
	}
}

function addEquality(constraints: Constraints, field: string, values: unknown[]): void {
	const existing = constraints.equalities.get(field);
	// Two constraints on one field: keep the narrower; either is a valid superset.
	if (!existing || values.length < existing.length) constraints.equalities.set(field, values);
}

function addSubstring(constraints: Constraints, field: string, source: string, flags: string): void {
	// The index folds case as the `i` flag does without `u` (which folds differently).
	if (!/^[gims]*$/.test(flags)) return;
	const literal = regexLiteral(source, flags);
	if (literal !== null && literal.length > 0) {
		constraints.substrings.push({ field, literal });
	}
}


function sortUnique(slots: number[]): number[] {
	slots.sort((a, b) => a - b);
	let write = 0;
	for (let read = 0; read < slots.length; read++) {
		if (read === 0 || slots[read] !== slots[read - 1]) slots[write++] = slots[read];
	}
	slots.length = write;
	return slots;
}
