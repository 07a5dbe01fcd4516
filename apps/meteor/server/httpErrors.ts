import type { FastifyError } from 'fastify';

import type { RouteResult } from '../app/api/server/definition';
import { failure, internalError } from '../app/api/server/responses';

interface FrameworkError {
	statusCode: number;
	errorType: string;
	reason: string;
}

/**
 * Every error the HTTP layer itself can raise, with a stable code, status and
 * message, answered in Rocket.Chat's envelope instead of Fastify's default.
 */
const FRAMEWORK_ERRORS: Record<string, FrameworkError> = {
	FST_ERR_CTP_BODY_TOO_LARGE: { statusCode: 413, errorType: 'error-payload-too-large', reason: 'Request body is too large' },
	FST_ERR_CTP_INVALID_CONTENT_LENGTH: { statusCode: 400, errorType: 'error-invalid-content-length', reason: 'Request body does not match its Content-Length' },
	FST_ERR_CTP_INVALID_MEDIA_TYPE: { statusCode: 415, errorType: 'error-unsupported-media-type', reason: 'Unsupported Content-Type' },
	FST_ERR_BAD_URL: { statusCode: 400, errorType: 'error-bad-url', reason: 'Malformed URL' },
	FST_ERR_ASYNC_CONSTRAINT: { statusCode: 400, errorType: 'error-bad-request', reason: 'Bad request' },
};

const GENERIC_CLIENT_ERROR: Omit<FrameworkError, 'statusCode'> = { errorType: 'error-bad-request', reason: 'Bad request' };

/**
 * Maps an error raised by Fastify (not by a route: the pipeline maps those) to
 * a JSON response. Known client errors keep their 4xx; anything else is a 500.
 *
 * @example frameworkErrorResult(bodyTooLarge) // 413 {"success":false,"error":"Request body is too large [error-payload-too-large]","errorType":"error-payload-too-large"}
 */
export function frameworkErrorResult(error: Pick<FastifyError, 'code' | 'statusCode'>): RouteResult {
	const known = FRAMEWORK_ERRORS[error.code];
	const statusCode = known?.statusCode ?? error.statusCode;
	if (!statusCode || statusCode < 400 || statusCode >= 500) {
		return internalError();
	}
	const { errorType, reason } = known ?? GENERIC_CLIENT_ERROR;
	return { ...failure(`${reason} [${errorType}]`, errorType), statusCode };
}
