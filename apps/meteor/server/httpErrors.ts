import { STATUS_CODES } from 'node:http';

import type { FastifyError } from 'fastify';

import type { ApiErrorCode } from '../lib/errors/errorTable';
import { ApiError } from '../lib/errors/MeteorError';
import type { RouteResult } from '../app/api/server/definition';
import { renderError } from '../app/api/server/errors/renderError';

/**
 * The error-table code for each error the HTTP layer itself can raise (not a
 * route: the pipeline renders those): Fastify's, and Node's HTTP parser's
 * (`clientError`: over-long headers, a request that does not arrive in time).
 */
const FRAMEWORK_ERRORS: Record<string, ApiErrorCode> = {
	FST_ERR_CTP_BODY_TOO_LARGE: 'error-payload-too-large',
	FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'error-invalid-content-length',
	FST_ERR_CTP_INVALID_MEDIA_TYPE: 'error-unsupported-media-type',
	FST_ERR_BAD_URL: 'error-bad-url',
	FST_ERR_ASYNC_CONSTRAINT: 'error-bad-request',
	HPE_HEADER_OVERFLOW: 'error-headers-too-large',
	ERR_HTTP_REQUEST_TIMEOUT: 'error-request-timeout',
};

function rendered(code: ApiErrorCode, status?: number): RouteResult {
	return renderError(new ApiError(code as 'error-bad-request'), { testMode: false, status });
}

/**
 * Maps an error raised by Fastify to a JSON response in Rocket.Chat's
 * envelope. Known client errors keep their 4xx; anything else is a 500.
 *
 * @example frameworkErrorResult(bodyTooLarge) // 413 {"success":false,"error":"Request body is too large [error-payload-too-large]","errorType":"error-payload-too-large"}
 */
export function frameworkErrorResult(error: Pick<FastifyError, 'code' | 'statusCode'>): RouteResult {
	const known = FRAMEWORK_ERRORS[error.code];
	if (known) {
		return rendered(known);
	}
	const { statusCode } = error;
	if (!statusCode || statusCode < 400 || statusCode >= 500) {
		return rendered('internal-error');
	}
	return rendered('error-bad-request', statusCode);
}

/**
 * The answer to a `clientError` (over-long headers → 431, a request that
 * does not arrive in time → 408, anything unparseable → 400).
 *
 * @example clientErrorResult({ code: 'HPE_HEADER_OVERFLOW' }).statusCode // 431
 */
export function clientErrorResult(error: { code?: string }): RouteResult {
	return rendered(FRAMEWORK_ERRORS[error.code ?? ''] ?? 'error-bad-request');
}

/**
 * A complete HTTP/1.1 response for a socket that has no request object
 * (parser errors); the connection closes after it.
 */
export function rawResponse(result: RouteResult, standardHeaders: Readonly<Record<string, string>>): string {
	const body = JSON.stringify(result.body);
	const headers = { ...standardHeaders, ...result.headers, 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close' };
	const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
	return `HTTP/1.1 ${result.statusCode} ${STATUS_CODES[result.statusCode] ?? ''}\r\n${lines.join('\r\n')}\r\n\r\n${body}`;
}
