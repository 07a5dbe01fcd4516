import { ajv } from '@rocket.chat/rest-typings';

import { MeteorError } from '../../../lib/errors/MeteorError';
import type { Method, ParamsValidator, RouteOptions, RouteResult } from './definition';

type ValidatorErrors = ParamsValidator['errors'];

/** Rocket.Chat joins ajv's messages with newline + space; the code suffix then follows only the last one. */
export function joinValidationMessages(errors: ValidatorErrors): string {
	return (errors ?? []).map((error) => error.message).join('\n ');
}

/**
 * Rocket.Chat 7.x compiles every validator, query ones included, on one ajv instance with
 * `coerceTypes: true` (spec §1.4). rest-typings 8.x compiles its query schemas on a second
 * instance with `coerceTypes: 'array'`, which unwraps `contactId[]=x` into a string that 7.x
 * refuses (`must be string`); such a validator is recompiled from its schema on the shared
 * instance. ajv caches by schema, so a validator already compiled there comes back unchanged.
 */
function onSharedAjv(validator: ParamsValidator): ParamsValidator {
	const { schema } = validator as { schema?: unknown };
	return typeof schema === 'object' && schema !== null ? ajv.compile(schema) : validator;
}

/** Picks the validator for one method: a single validator covers every method. */
export function resolveValidator(validateParams: RouteOptions['validateParams'], method: Method): ParamsValidator | undefined {
	if (!validateParams) {
		return undefined;
	}
	const validator = typeof validateParams === 'function' ? validateParams : validateParams[method];
	return validator && onSharedAjv(validator);
}

/**
 * `addRoute` validation (spec §1.4): GET validates the query, other methods the body.
 * Throws Meteor-style `invalid-params`, so the error mapper renders `"<m1>\n <m2> [invalid-params]"`.
 */
export function assertValidParams(validator: ParamsValidator, params: unknown): void {
	if (!validator(params)) {
		throw new MeteorError('invalid-params', joinValidationMessages(validator.errors));
	}
}

/**
 * Typed-route validation, which runs before authentication and answers directly:
 * no code suffix; a query failure uses `error-invalid-params`.
 */
export function typedValidationFailure(validator: ParamsValidator, params: unknown, isQuery: boolean): RouteResult | undefined {
	if (validator(params)) {
		return undefined;
	}
	return {
		statusCode: 400,
		body: {
			success: false,
			errorType: isQuery ? 'error-invalid-params' : 'invalid-params',
			error: joinValidationMessages(validator.errors),
		},
	};
}
