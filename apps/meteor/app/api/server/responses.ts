import type { RouteResult } from './definition';

/**
 * Rocket.Chat's response helpers (`API.v1.success`, `failure`, …). Bodies are
 * serialized with `JSON.stringify`, so keys left `undefined` never reach the wire.
 */

export type FailureBody = {
	success: false;
	error?: unknown;
	stack?: string;
	errorType?: string;
	details?: unknown;
	[key: string]: unknown;
};

/** @example success({ contactId }) // 200 {"contactId":"…","success":true} */
export function success<T extends object>(result?: T): RouteResult<T & { success: true }> {
	return { statusCode: 200, body: { ...(result as T), success: true } };
}

function parseDetails(details: unknown): unknown {
	if (typeof details !== 'string') {
		return details;
	}
	try {
		return JSON.parse(details);
	} catch {
		return details;
	}
}

/**
 * 400. A string message becomes `{success:false, error, stack?, errorType?, details?}`;
 * an object message is returned as is with `success:false` added.
 */
export function failure(
	result?: string | Record<string, unknown>,
	errorType?: string,
	stack?: string,
	error?: { details?: unknown },
): RouteResult<FailureBody> {
	if (typeof result === 'object' && result !== null) {
		return { statusCode: 400, body: { ...result, success: false } };
	}
	const body: FailureBody = { success: false, error: result, stack };
	if (errorType) {
		body.errorType = errorType;
	}
	if (error?.details) {
		body.details = parseDetails(error.details);
	}
	return { statusCode: 400, body };
}

function plainError(statusCode: number, error: string): RouteResult<{ success: false; error: string }> {
	return { statusCode, body: { success: false, error } };
}

export function notFound(msg?: string): RouteResult<{ success: false; error: string }> {
	return plainError(404, msg || 'Resource not found');
}

export function unauthorized(msg?: string): RouteResult<{ success: false; error: string }> {
	return plainError(401, msg || 'unauthorized');
}

export function forbidden(msg?: string): RouteResult<{ success: false; error: string }> {
	return plainError(403, msg || 'unauthorized');
}

export function tooManyRequests(msg?: string): RouteResult<{ success: false; error: string }> {
	return plainError(429, msg || 'Too many requests');
}

export function internalError(msg?: string): RouteResult<{ success: false; error: string }> {
	return plainError(500, msg || 'Internal server error');
}

/** Seconds a client should wait before retrying a 503 (the store recovers by itself once it can write). */
export const SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/**
 * 503 for a database that cannot serve right now (disk full, MongoDB
 * unreachable): `{success:false, error:"… [error-service-unavailable]", errorType}` + `Retry-After`.
 */
export function serviceUnavailable(): RouteResult<FailureBody> {
	return {
		statusCode: 503,
		body: {
			success: false,
			error: 'The database is temporarily unavailable, try again later [error-service-unavailable]',
			errorType: 'error-service-unavailable',
		},
		headers: { 'Retry-After': String(SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS) },
	};
}

/** The 400 for a failure whose own text is internal (see `errorExposure.ts`); the real error goes to the log. */
export function invalidRequest(): RouteResult<FailureBody> {
	return failure('The request could not be processed [error-invalid-request]', 'error-invalid-request');
}

/**
 * An Enterprise route without its licence module: Rocket.Chat's licence
 * middleware answers a bare JSON string, not the usual envelope.
 */
export function licenseRequired(): RouteResult<string> {
	return { statusCode: 404, body: '404 Not Found' };
}

const NOT_LOGGED_IN = 'You must be logged in to do this.';

/** The 7.x 401 body for an auth route called without valid credentials (four keys). */
export function notLoggedIn(): RouteResult<{ success: false; error: string; status: 'error'; message: string }> {
	return { statusCode: 401, body: { success: false, error: NOT_LOGGED_IN, status: 'error', message: NOT_LOGGED_IN } };
}
