import type { Document } from 'mongodb';

import { serverError } from '../errors';

const DOLLAR = 36;
/** DBRef fields, the only `$`-prefixed names MongoDB stores (in embedded documents). */
const DBREF_FIELDS = new Set(['$ref', '$id', '$db']);

/**
 * Refuses field names MongoDB will not store: `$`-prefixed names (code 52,
 * DollarPrefixedFieldName) and names containing a dot (code 57,
 * DottedFieldName), at any depth. Applied to inserted and replacement
 * documents and to the result of every update, so update operators keep
 * working while what they produce stays storable.
 */
export function assertStorableKeys(doc: Document): void {
	checkObject(doc, '', true);
}

function checkValue(value: unknown, path: string): void {
	if (value === null || typeof value !== 'object') return;
	if (Array.isArray(value)) {
		for (let i = 0; i < value.length; i++) checkValue(value[i], path);
		return;
	}
	const proto = Object.getPrototypeOf(value);
	if (proto === Object.prototype || proto === null) checkObject(value as Document, path, false);
}

function checkObject(doc: Document, path: string, topLevel: boolean): void {
	for (const key in doc) {
		const fieldPath = path ? `${path}.${key}` : key;
		if (key.charCodeAt(0) === DOLLAR && (topLevel || !DBREF_FIELDS.has(key))) {
			throw serverError(52, 'DollarPrefixedFieldName', `The dollar ($) prefixed field '${key}' in '${fieldPath}' is not valid for storage.`);
		}
		if (key.includes('.')) {
			throw serverError(57, 'DottedFieldName', `The dotted field '${key}' in '${fieldPath}' is not valid for storage.`);
		}
		checkValue(doc[key], fieldPath);
	}
}
