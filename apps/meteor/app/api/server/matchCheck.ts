/** One key of a Meteor `check()` object pattern: a string, required or `Match.Maybe`. */
export type MatchKey = { optional?: boolean };

/** What a passing check proves: required keys are strings, optional ones strings, `null` or absent. */
export type MatchedStrings<P extends Record<string, MatchKey>> = {
	[K in keyof P as P[K] extends { optional: true } ? never : K]: string;
} & {
	[K in keyof P as P[K] extends { optional: true } ? K : never]?: string | null;
};

function describe(value: unknown): string {
	if (value === null) {
		return 'null';
	}
	return Array.isArray(value) ? 'object' : typeof value;
}

/**
 * Meteor's `check(params, { key: String, other: Match.Maybe(String) })` as
 * older Rocket.Chat routes use it: keys are checked in the value's order
 * (wrong type, then unknown key), then missing required keys. Failures are
 * plain errors `Match error: …`, answered as 400 without `errorType`.
 *
 * @example checkStringKeys({ token: 't', foo: 'x' }, { token: {} }) // throws 'Match error: Unknown key in field foo'
 */
export function checkStringKeys<const P extends Record<string, MatchKey>>(
	params: Record<string, unknown>,
	pattern: P,
	{ allowUnknown = false } = {},
): asserts params is Record<string, unknown> & MatchedStrings<P> {
	for (const [key, value] of Object.entries(params)) {
		const rule = Object.prototype.hasOwnProperty.call(pattern, key) ? pattern[key] : undefined;
		if (!rule) {
			if (!allowUnknown) {
				throw new Error(`Match error: Unknown key in field ${key}`);
			}
			continue;
		}
		if (rule.optional && (value === undefined || value === null)) {
			continue;
		}
		if (typeof value !== 'string') {
			throw new Error(
				rule.optional
					? `Match error: Failed Match.OneOf, Match.Maybe or Match.Optional validation in field ${key}`
					: `Match error: Expected string, got ${describe(value)} in field ${key}`,
			);
		}
	}
	for (const [key, rule] of Object.entries(pattern)) {
		if (!rule.optional && !Object.prototype.hasOwnProperty.call(params, key)) {
			throw new Error(`Match error: Missing key '${key}'`);
		}
	}
}
