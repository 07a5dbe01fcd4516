import { STATUS_CODES } from 'node:http';

import type { FastifyError } from 'fastify';

import type { RouteResult } from '../app/api/server/definition';
import { failure, internalError } from '../app/api/server/responses';

interface FrameworkError {
	statusCode: number;
	errorType: string;
	reason: string;
}

/**
 * Every error the HTTP layer itself can raise — Fastify's, Node's HTTP
 * parser's (`clientError`) and our connection cap — with a stable code,
 * status and message, answered in Rocket.Chat's envelope instead of the defaults.
 */
const FRAMEWORK_ERRORS: Record<string, FrameworkError> = {
	FST_ERR_CTP_BODY_TOO_LARGE: { statusCode: 413, errorType: 'error-payload-too-large', reason: 'Request body is too large' },
	FST_ERR_CTP_INVALID_CONTENT_LENGTH: { statusCode: 400, errorType: 'error-invalid-content-length', reason: 'Request body does not match its Content-Length' },
	FST_ERR_CTP_INVALID_MEDIA_TYPE: { statusCode: 415, errorType: 'error-unsupported-media-type', reason: 'Unsupported Content-Type' },
	FST_ERR_BAD_URL: { statusCode: 400, errorType: 'error-bad-url', reason: 'Malformed URL' },
	FST_ERR_ASYNC_CONSTRAINT: { statusCode: 400, errorType: 'error-bad-request', reason: 'Bad request' },
	HPE_HEADER_OVERFLOW: { statusCode: 431, errorType: 'error-headers-too-large', reason: 'Request header fields are too large' },
	ERR_HTTP_REQUEST_TIMEOUT: { statusCode: 408, errorType: 'error-request-timeout', reason: 'The request took too long to arrive' },
	TOO_MANY_CONNECTIONS: { statusCode: 429, errorType: 'error-too-many-connections', reason: 'Too many open connections from this address' },
};

const GENERIC_CLIENT_ERROR: Omit<FrameworkError, 'statusCode'> = { errorType: 'error-bad-request', reason: 'Bad request' };

function render({ statusCode, errorType, reason }: FrameworkError): RouteResult {
	return { ...failure(`${reason} [${errorType}]`, errorType), statusCode };
}

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
	return render({ ...(known ?? GENERIC_CLIENT_ERROR), statusCode });
}

/**
 * The answer to a `clientError` (over-long headers → 431, a request that
 * does not arrive in time → 408, anything unparseable → 400).
 *
 * @example clientErrorResult({ code: 'HPE_HEADER_OVERFLOW' }).statusCode // 431
 */
export function clientErrorResult(error: { code?: string }): RouteResult {
	return render(FRAMEWORK_ERRORS[error.code ?? ''] ?? { statusCode: 400, ...GENERIC_CLIENT_ERROR });
}

/** 429 for a request on a connection over its address's cap (see `connectionLimit.ts`). */
export function tooManyConnectionsResult(): RouteResult {
	return render(FRAMEWORK_ERRORS.TOO_MANY_CONNECTIONS);
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
