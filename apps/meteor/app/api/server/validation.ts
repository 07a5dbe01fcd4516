import { MeteorError } from '../../../lib/errors/MeteorError';
import type { Method, ParamsValidator, RouteOptions, RouteResult } from './definition';

type ValidatorErrors = ParamsValidator['errors'];

/** Rocket.Chat joins ajv's messages with newline + space; the code suffix then follows only the last one. */
export function joinValidationMessages(errors: ValidatorErrors): string {
	return (errors ?? []).map((error) => error.message).join('\n ');
}

/** Picks the validator for one method: a single validator covers every method. */
export function resolveValidator(validateParams: RouteOptions['validateParams'], method: Method): ParamsValidator | undefined {
	if (!validateParams) {
		return undefined;
	}
	if (typeof validateParams === 'function') {
		return validateParams;
	}
	return validateParams[method];
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
