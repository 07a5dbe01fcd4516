import type { Logger } from 'pino';

import { errorDefinition, type ErrorDefinition } from '../../../../lib/errors/errorTable';
import { ApiError } from '../../../../lib/errors/MeteorError';
import type { RouteResult } from '../definition';
import { isClientSafe, isServiceUnavailable } from './errorExposure';

export interface RenderOptions {
	/** TEST_MODE: exception-derived 400s carry `stack`. */
	testMode: boolean;
	/** Receives the errors whose text must not reach the client. */
	logger?: Pick<Logger, 'error'>;
	/** Answer with this status instead of the table's (a route's declared error statuses). */
	status?: number;
}

/** What the renderer reads from a thrown value. Meteor-style errors carry a string `error` code. */
interface Thrown {
	code: string;
	reason: string | undefined;
	details: unknown;
	stack: string | undefined;
}

function asThrown(thrown: unknown): Thrown {
	if (typeof thrown === 'string') {
		return { code: 'error-plain', reason: thrown, details: undefined, stack: undefined };
	}
	const err = (typeof thrown === 'object' && thrown !== null ? thrown : { message: thrown }) as Record<string, unknown>;
	const stack = typeof err.stack === 'string' ? err.stack : undefined;
	if (typeof err.error === 'string') {
		return { code: err.error, reason: typeof err.reason === 'string' ? err.reason : undefined, details: err.details, stack };
	}
	return { code: 'error-plain', reason: String(err.message ?? ''), details: undefined, stack };
}

/** A store that cannot serve becomes a 503; an error whose text is internal a generic 400. Both are logged, with the real error. */
function exposable(thrown: unknown, logger: RenderOptions['logger']): unknown {
	if (isServiceUnavailable(thrown)) {
		logger?.error({ err: thrown }, 'database unavailable: answered 503 error-service-unavailable');
		return new ApiError('error-service-unavailable');
	}
	if (!isClientSafe(thrown)) {
		logger?.error({ err: thrown }, 'internal error while serving a request: answered 400 error-invalid-request');
		return new ApiError('error-invalid-request');
	}
	return thrown;
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

function suffixed(reason: string | undefined, code: string): string {
	return reason ? `${reason} [${code}]` : `[${code}]`;
}

function body(definition: ErrorDefinition, { code, reason, details }: Thrown, stack: string | undefined): unknown {
	const errorType = definition.errorType ?? code;
	const withStack = stack === undefined ? {} : { stack };
	switch (definition.shape) {
		case 'meteor':
			return { success: false, error: suffixed(reason, code), ...withStack, errorType, ...(details ? { details: parseDetails(details) } : {}) };
		case 'failure':
			return { success: false, error: reason, ...withStack, errorType };
		case 'typed-params':
			return { success: false, errorType, error: reason };
		case 'suffixed':
			return { success: false, error: suffixed(reason, code) };
		case 'plain':
			return reason === undefined ? { success: false, ...withStack } : { success: false, error: reason, ...withStack };
		case 'not-logged-in':
			return { success: false, error: reason, status: 'error', message: reason };
		case 'login-failed':
			return { success: false, status: 'error', error: reason, message: reason };
		case 'login-refused':
			return { success: false, status: 'error', error: code, message: reason };
		case 'bare-string':
			return reason;
		case 'empty':
			return { success: false };
	}
}

function retryAfter(definition: ErrorDefinition, details: unknown): Record<string, string> | undefined {
	const seconds = (details as { seconds?: unknown } | undefined)?.seconds;
	if (typeof seconds === 'number') {
		return { 'Retry-After': String(seconds) };
	}
	return definition.retryAfterSeconds === undefined ? undefined : { 'Retry-After': String(definition.retryAfterSeconds) };
}

/**
 * The one place a thrown value becomes an HTTP response. The code picks the
 * status and wire shape from the error table (`lib/errors/errorTable.ts`);
 * an unlisted Meteor-style code is Rocket.Chat's 400
 * `{success:false, error:"<reason> [<code>]", errorType, details?}`; a plain
 * error is a 400 `{success:false, error:"<message>"}`. A store that cannot serve
 * is a 503 and an internal error (its text is not for clients) a 400
 * `error-invalid-request`, both logged (see `errorExposure.ts`). `stack` only on
 * exception-derived 400s under TEST_MODE; keys without a value are left out.
 *
 * @example renderError(new ApiError('error-contact-not-found'), { testMode: false }) // 400 {"success":false,"error":"error-contact-not-found"}
 */
export function renderError(thrown: unknown, options: RenderOptions): RouteResult {
	const error = asThrown(exposable(thrown, options.logger));
	const definition = errorDefinition(error.code);
	const statusCode = options.status ?? definition.status;
	const withStack = options.testMode && statusCode === 400 && definition.fromException === true ? error.stack : undefined;
	const headers = retryAfter(definition, error.details);
	return { statusCode, body: body(definition, error, withStack), ...(headers && { headers }) };
}
