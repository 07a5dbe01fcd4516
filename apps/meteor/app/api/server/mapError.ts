import type { RouteResult } from './definition';
import { failure, forbidden, tooManyRequests } from './responses';

/** What the mapper reads from a thrown value: Meteor-style errors carry a string `error` code. */
type Thrown = { message?: unknown; error?: unknown; stack?: unknown; details?: unknown };

/**
 * The one place a thrown value becomes an HTTP response (spec §1.3).
 * Meteor-style → `{success:false, error:"<reason> [<code>]", errorType:"<code>", details?}`;
 * plain errors → `{success:false, error:"<message>"}`. `stack` only under TEST_MODE.
 *
 * @example mapError(new MeteorError('error-unauthorized', 'Nope'), false) // 403 forbidden('Nope [error-unauthorized]')
 */
export function mapError(thrown: unknown, testMode: boolean): RouteResult {
	const err: Thrown = typeof thrown === 'object' && thrown !== null ? (thrown as Thrown) : { message: thrown };
	const message = typeof thrown === 'string' ? thrown : String(err.message ?? '');
	const code = typeof err.error === 'string' ? err.error : undefined;

	switch (code) {
		case 'error-too-many-requests':
			return tooManyRequests(message);
		case 'unauthorized':
		case 'error-unauthorized':
			return forbidden(message);
		default:
			return failure(message, code, testMode && typeof err.stack === 'string' ? err.stack : undefined, err);
	}
}
