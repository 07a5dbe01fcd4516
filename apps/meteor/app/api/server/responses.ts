import { ApiError, MeteorError } from '../../../lib/errors/MeteorError';
import type { RouteResult } from './definition';
import { renderError } from './errors/renderError';

/**
 * Rocket.Chat's response helpers (`API.v1.success`, `failure`, …). Failures are
 * rendered from the error table like thrown errors, so every error body has
 * one source; route code usually throws an `ApiError` instead.
 */

/** @example success({ contactId }) // 200 {"contactId":"…","success":true} */
export function success<T extends object>(result?: T): RouteResult<T & { success: true }> {
	return { statusCode: 200, body: { ...(result as T), success: true } };
}

function rendered(error: MeteorError): RouteResult {
	return renderError(error, { testMode: false });
}

/** 400 `{success:false, error}`; without a reason, a bare `{success:false}`. */
export function failure(reason?: string): RouteResult {
	return rendered(reason === undefined ? new ApiError('error-bad-request-empty') : new MeteorError('error-plain-response', reason));
}

/** 404 `{success:false, error}` (default `Resource not found`). */
export function notFound(reason?: string): RouteResult {
	return rendered(new MeteorError('resource-not-found', reason || undefined));
}

/** 401 `{success:false, error:"unauthorized"}`. */
export function unauthorized(): RouteResult {
	return rendered(new ApiError('anonymous-denied'));
}

/** 403 `{success:false, error:"unauthorized"}`. */
export function forbidden(): RouteResult {
	return rendered(new ApiError('access-denied'));
}

/** 500 `{success:false, error:"Internal server error"}`. */
export function internalError(): RouteResult {
	return rendered(new ApiError('internal-error'));
}
