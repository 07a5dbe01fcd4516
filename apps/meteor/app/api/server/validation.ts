import { ajv } from '@rocket.chat/rest-typings';

import { MeteorError } from '../../../lib/errors/MeteorError';
import type { Method, ParamsValidator, ResponseValidators, RouteOptions, RouteResult, TypedRouteOptions } from './definition';

type ValidatorErrors = ParamsValidator['errors'];

/** One validation a route runs: what it reads, with which validator, and the error code a failure throws. */
export interface ParamsCheck {
	readonly target: 'body' | 'query';
	readonly validator: ParamsValidator;
	readonly error: 'invalid-params' | 'typed-invalid-body' | 'typed-invalid-query';
}

/** Rocket.Chat joins ajv's messages with newline + space; the code suffix then follows only the last one. */
export function joinValidationMessages(errors: ValidatorErrors): string {
	return (errors ?? []).map((error) => error.message).join('\n ');
}

/**
 * Rocket.Chat 7.x compiles every validator, query ones included, on the one ajv instance of
 * its `@rocket.chat/rest-typings` (`coerceTypes: true`). rest-typings 8.x compiles its query schemas on a second
 * instance with `coerceTypes: 'array'`, which unwraps `contactId[]=x` into a string that 7.x
 * refuses (`must be string`); such a validator is recompiled from its schema on the shared
 * instance. ajv caches by schema, so a validator already compiled there comes back unchanged.
 */
function onSharedAjv(validator: ParamsValidator): ParamsValidator {
	const { schema } = validator as { schema?: unknown };
	return typeof schema === 'object' && schema !== null ? ajv.compile(schema) : validator;
}

/** The `addRoute` check for one method: a single validator covers every method; GET validates the query, others the body. */
export function addRouteCheck(validateParams: RouteOptions['validateParams'], method: Method): ParamsCheck | undefined {
	if (!validateParams) {
		return undefined;
	}
	const validator = typeof validateParams === 'function' ? validateParams : validateParams[method];
	return validator && { target: method === 'GET' ? 'query' : 'body', validator: onSharedAjv(validator), error: 'invalid-params' };
}

/** The typed declaration's checks, run before authentication: the query, then the body. */
export function typedRouteChecks({ query, body }: Pick<TypedRouteOptions, 'query' | 'body'>): ParamsCheck[] {
	return [
		...(query ? [{ target: 'query', validator: onSharedAjv(query), error: 'typed-invalid-query' } as const] : []),
		...(body ? [{ target: 'body', validator: onSharedAjv(body), error: 'typed-invalid-body' } as const] : []),
	];
}

/**
 * Validates (and, as ajv coerces, normalizes in place) the params a check reads.
 * Throws the check's error with ajv's messages joined: `invalid-params` renders
 * `"<m1>\n <m2> [invalid-params]"`, the typed codes the same text without suffix.
 */
export function assertValidParams(check: ParamsCheck, params: unknown): void {
	if (!check.validator(params)) {
		throw new MeteorError(check.error, joinValidationMessages(check.validator.errors));
	}
}

/**
 * Checks a response against the route's contract, on its JSON form (what the
 * client receives; a copy, so ajv's coercion cannot alter the answer).
 * Returns what is wrong, or `undefined` when it fits.
 */
export function responseProblem(validators: ResponseValidators, result: RouteResult): string | undefined {
	const validator = validators[result.statusCode];
	if (!validator) {
		return `status ${result.statusCode} is not declared`;
	}
	const wire: unknown = JSON.parse(JSON.stringify(result.body) ?? 'null');
	if (validator(wire)) {
		return undefined;
	}
	return `status ${result.statusCode}: ${(validator.errors ?? []).map(({ instancePath, message }) => `${instancePath || '/'} ${message}`).join('; ')}`;
}
