import { RE2JS } from 're2js';

import { MeteorError } from '../../../../lib/errors/MeteorError';

/** Longest `regexp` a custom field may declare. */
export const MAX_PATTERN_LENGTH = 1024;

/** Compiled patterns by source; a workspace has a handful of custom fields, the bound only guards against churn. */
const MAX_CACHED_PATTERNS = 1000;

const compiled = new Map<string, RE2JS | undefined>();

function compile(pattern: string): RE2JS | undefined {
	if (compiled.has(pattern)) {
		return compiled.get(pattern);
	}
	let engine: RE2JS | undefined;
	try {
		engine = RE2JS.compile(pattern);
	} catch {
		engine = undefined;
	}
	if (compiled.size >= MAX_CACHED_PATTERNS) {
		compiled.clear();
	}
	compiled.set(pattern, engine);
	return engine;
}

function isJavaScriptRegExp(pattern: string): boolean {
	try {
		new RegExp(pattern);
		return true;
	} catch {
		return false;
	}
}

/**
 * Refuses a custom field `regexp` that could not be evaluated safely: it must
 * be a valid JavaScript regular expression (as Rocket.Chat reads it) that the
 * linear-time RE2 engine also accepts — no backreferences or lookarounds —
 * and at most `MAX_PATTERN_LENGTH` characters. Throws Meteor-style
 * `error-invalid-custom-field-regexp` naming the field.
 *
 * @example assertSafePattern('cpf', '^[0-9]{11}$'); // fine
 * @example assertSafePattern('x', '(a)\\1'); // throws: backreference
 */
export function assertSafePattern(field: string, pattern: string): void {
	if (pattern.length > MAX_PATTERN_LENGTH || !isJavaScriptRegExp(pattern) || !compile(pattern)) {
		throw new MeteorError('error-invalid-custom-field-regexp', undefined, { field, max: MAX_PATTERN_LENGTH });
	}
}

/**
 * Whether `value` matches a custom field's `regexp` (unanchored unless the
 * pattern anchors itself, as a JavaScript `RegExp#test`), evaluated in time
 * linear in the value's length: an admin-defined pattern such as `^(a+)+$`
 * cannot stall the server. A stored pattern RE2 cannot run (saved before
 * patterns were checked) matches nothing, so the value is refused rather
 * than evaluated by a backtracking engine.
 *
 * @example matchesPattern('^[0-9]+$', '123') // true
 */
export function matchesPattern(pattern: string, value: string): boolean {
	return compile(pattern)?.matcher(value).find() ?? false;
}
