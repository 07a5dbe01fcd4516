import type { Logger } from 'pino';

import type { RouteResult } from './definition';
import { isClientSafe, isServiceUnavailable } from './errorExposure';
import { failure, forbidden, invalidRequest, serviceUnavailable, tooManyRequests } from './responses';

/** What the mapper reads from a thrown value: Meteor-style errors carry a string `error` code. */
type Thrown = { message?: unknown; error?: unknown; stack?: unknown; details?: unknown };

function retryAfter(details: unknown): Record<string, string> | undefined {
	const seconds = (details as { seconds?: unknown } | undefined)?.seconds;
	return typeof seconds === 'number' ? { 'Retry-After': String(seconds) } : undefined;
}

/**
 * The one place a thrown value becomes an HTTP response (spec §1.3).
 * Meteor-style → `{success:false, error:"<reason> [<code>]", errorType:"<code>", details?}`;
 * plain errors → `{success:false, error:"<message>"}`. `stack` only under TEST_MODE.
 * A store that cannot serve → 503 `error-service-unavailable`; an internal error
 * (its text is not for clients) → 400 `error-invalid-request`. Both are logged.
 *
 * @example mapError(new MeteorError('error-unauthorized', 'Nope'), false) // 403 forbidden('Nope [error-unauthorized]')
 */
export function mapError(thrown: unknown, testMode: boolean, logger?: Logger): RouteResult {
	if (isServiceUnavailable(thrown)) {
		logger?.error({ err: thrown }, 'database unavailable: answered 503');
		return serviceUnavailable();
	}
	if (!isClientSafe(thrown)) {
		logger?.error({ err: thrown }, 'internal error while serving a request: answered 400 error-invalid-request');
		return invalidRequest();
	}
	const err: Thrown = typeof thrown === 'object' && thrown !== null ? (thrown as Thrown) : { message: thrown };
	const message = typeof thrown === 'string' ? thrown : String(err.message ?? '');
	const code = typeof err.error === 'string' ? err.error : undefined;

	switch (code) {
		case 'error-too-many-requests': {
			const headers = retryAfter(err.details);
			return headers ? { ...tooManyRequests(message), headers } : tooManyRequests(message);
		}
		case 'unauthorized':
		case 'error-unauthorized':
			return forbidden(message);
		default:
			return failure(message, code, testMode && typeof err.stack === 'string' ? err.stack : undefined, err);
	}
}
