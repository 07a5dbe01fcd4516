import type { Document } from 'mongodb';

import { isOperatorObject } from './filterShape';
import type { Bitset } from './indexes/bitset';
import { EqualityIndex } from './indexes/equalityIndex';
import { bucketBitset } from './indexes/slotSet';
import { SubstringIndex } from './indexes/substringIndex';
import { regexLiteral } from './regexLiteral';
import type { DocumentStore } from './store';

/** The exact matches of the part of a filter indexes can answer, and what is left to test per document. */
export interface ExactMatch {
	slots: Bitset;
	/** Conditions no index answered (null: none; the slots are the matches). */
	residual: Document | null;
	index: string;
}

interface Part {
	slots: Bitset;
	/** A `$ne`: these slots are removed rather than intersected. */
	exclude?: boolean;
	index: string;
}

/**
 * Answers a search-shaped filter from indexes alone, as sets: a
 * case-insensitive literal regex (or an `$or` of them) from substring
 * indexes, scalar equality and `$ne` on fields with a single-field index
 * from its keys, intersected a word at a time. Conditions no index answers
 * exactly come back as `residual`. Only filters with a substring condition
 * go this way (returns null otherwise): for them a result can be most of the
 * collection, and counting it must not mean visiting every document.
 */
export function exactMatch(store: DocumentStore, filter: Document): ExactMatch | null {
	if (!hasSubstringCondition(store, filter)) return null;
	const parts: Part[] = [];
	const residual: Document = {};
	let residualConditions = 0;
	const keep = (key: string, condition: unknown) => {
		if (key in residual) residual.$and = [...((residual.$and as Document[]) ?? []), { [key]: condition }];
		else residual[key] = condition;
		residualConditions++;
	};
	for (const [key, condition] of conjuncts(filter)) {
		const part = key === '$or' ? unionOf(store, condition) : fieldPart(store, key, condition);
		if (part) parts.push(part);
		else keep(key, condition);
	}
	const slots = intersection(parts);
	return slots && { slots, residual: residualConditions ? residual : null, index: parts.map((part) => part.index).join(' & ') };
}

/** The slots in every included part and in no excluded one; null without an included part (a `$ne` alone is no plan). */
function intersection(parts: Part[]): Bitset | null {
	const included = parts.filter((part) => !part.exclude);
	if (included.length === 0) return null;
	const slots = included[0].slots.clone();
	for (const part of included.slice(1)) slots.and(part.slots);
	for (const part of parts) if (part.exclude) slots.andNot(part.slots);
	return slots;
}

/** The top-level AND of a filter as `[key, condition]` pairs (`$and` flattened). */
function* conjuncts(filter: Document): Iterable<[string, unknown]> {
	for (const [key, condition] of Object.entries(filter)) {
		if (key === '$and' && Array.isArray(condition) && condition.every((clause) => clause !== null && typeof clause === 'object')) {
			for (const clause of condition as Document[]) yield* conjuncts(clause);
		} else {
			yield [key, condition];
		}
	}
}

function hasSubstringCondition(store: DocumentStore, filter: Document): boolean {
	for (const [key, condition] of conjuncts(filter)) {
		if (key === '$or' && Array.isArray(condition)) {
			if (condition.some((branch) => branch !== null && typeof branch === 'object' && hasSubstringCondition(store, branch))) return true;
		} else if (literalOf(condition) !== null && substringIndexOn(store, key)) {
			return true;
		}
	}
	return false;
}

function unionOf(store: DocumentStore, branches: unknown): Part | null {
	if (!Array.isArray(branches) || branches.length === 0) return null;
	let union: Bitset | null = null;
	const indexes: string[] = [];
	for (const branch of branches) {
		if (branch === null || typeof branch !== 'object') return null;
		const entries = [...conjuncts(branch as Document)];
		const parts = entries.map(([key, condition]) => (key === '$or' ? unionOf(store, condition) : fieldPart(store, key, condition)));
		if (parts.length === 0 || parts.some((part) => part === null)) return null;
		const slots = intersection(parts as Part[]);
		if (!slots) return null;
		union = union ? union.or(slots) : slots;
		indexes.push((parts as Part[]).map((part) => part.index).join(' & '));
	}
	return union && { slots: union, index: `$or(${indexes.join(', ')})` };
}

function fieldPart(store: DocumentStore, field: string, condition: unknown): Part | null {
	if (field.startsWith('$')) return null;
	const literal = literalOf(condition);
	if (literal !== null) {
		const index = substringIndexOn(store, field);
		return index ? { slots: index.matches(literal, store.capacity), index: index.definition.name } : null;
	}
	if (isExactScalar(condition)) return equalityPart(store, field, condition, false);
	if (isOperatorObject(condition) && Object.keys(condition).length === 1) {
		if (isExactScalar(condition.$eq)) return equalityPart(store, field, condition.$eq, false);
		if (isExactScalar(condition.$ne)) return equalityPart(store, field, condition.$ne, true);
	}
	return null;
}

/** Strings, booleans and numbers: their index keys mean exactly MongoDB's equality. */
function isExactScalar(value: unknown): value is string | number | boolean {
	return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && !Number.isNaN(value));
}

/**
 * A single-field index's key holds exactly the documents where some value
 * on the path equals the scalar. For a `$ne` the index must hold every such
 * document, so it may not be partial (a sparse one only leaves out documents
 * without the field, which a `$ne` matches anyway).
 */
function equalityPart(store: DocumentStore, field: string, value: string | number | boolean, negated: boolean): Part | null {
	for (const index of store.readyIndexes()) {
		if (!(index instanceof EqualityIndex) || index.fieldNames.length !== 1 || index.fieldNames[0] !== field) continue;
		if (index.definition.partialFilterExpression) continue;
		return { slots: bucketBitset(index.bucket(value)), exclude: negated, index: index.definition.name };
	}
	return null;
}

/** The text of an escaped-literal regex whose flags the substring index folds like (i, m, s). */
function literalOf(condition: unknown): string | null {
	let source: unknown;
	let flags = '';
	if (condition instanceof RegExp) {
		source = condition.source;
		flags = condition.flags;
	} else if (isOperatorObject(condition) && '$regex' in condition && Object.keys(condition).every((key) => key === '$regex' || key === '$options')) {
		const { $regex: regex, $options: options = '' } = condition;
		if (typeof options !== 'string') return null;
		source = regex instanceof RegExp ? regex.source : regex;
		flags = (regex instanceof RegExp ? regex.flags : '') + options;
	} else {
		return null;
	}
	if (typeof source !== 'string' || !/^[ims]*$/.test(flags) || !flags.includes('i')) return null;
	const literal = regexLiteral(source, flags);
	return literal === null || literal.length === 0 ? null : literal;
}

function substringIndexOn(store: DocumentStore, field: string): SubstringIndex | undefined {
	for (const index of store.readyIndexes()) {
		if (index instanceof SubstringIndex && index.fieldName === field) return index;
	}
	return undefined;
}
