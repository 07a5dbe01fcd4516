import type { FastifyError } from 'fastify';

import type { ApiErrorCode } from '../lib/errors/errorTable';
import { ApiError } from '../lib/errors/MeteorError';
import type { RouteResult } from '../app/api/server/definition';
import { renderError } from '../app/api/server/errors/renderError';

/** The error-table code for each error the HTTP layer itself can raise (not a route: the pipeline renders those). */
const FRAMEWORK_ERRORS: Record<string, ApiErrorCode> = {
	FST_ERR_CTP_BODY_TOO_LARGE: 'error-payload-too-large',
	FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'error-invalid-content-length',
	FST_ERR_CTP_INVALID_MEDIA_TYPE: 'error-unsupported-media-type',
	FST_ERR_BAD_URL: 'error-bad-url',
	FST_ERR_ASYNC_CONSTRAINT: 'error-bad-request',
};

/**
 * Maps an error raised by Fastify to a JSON response in Rocket.Chat's
 * envelope. Known client errors keep their 4xx; anything else is a 500.
 *
 * @example frameworkErrorResult(bodyTooLarge) // 413 {"success":false,"error":"Request body is too large [error-payload-too-large]","errorType":"error-payload-too-large"}
 */
export function frameworkErrorResult(error: Pick<FastifyError, 'code' | 'statusCode'>): RouteResult {
	const known = FRAMEWORK_ERRORS[error.code];
	if (known) {
		return renderError(new ApiError(known), { testMode: false });
	}
	const { statusCode } = error;
	if (!statusCode || statusCode < 400 || statusCode >= 500) {
		return renderError(new ApiError('internal-error'), { testMode: false });
	}
	return renderError(new ApiError('error-bad-request'), { testMode: false, status: statusCode });
}
