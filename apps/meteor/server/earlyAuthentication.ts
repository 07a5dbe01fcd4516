import { Transform, type Readable } from 'node:stream';

import { errorCodes, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';

import type { RegisteredRoute } from '../app/api/server/api';
import type { RouteResult } from '../app/api/server/definition';
import { renderError } from '../app/api/server/errors/renderError';
import type { ApiServices } from '../app/api/server/services';
import { authenticateHeaders, type RequestAuth } from '../app/authentication/server/authenticateRequest';
import { ApiError } from '../lib/errors/MeteorError';

declare module 'fastify' {
	interface FastifyRequest {
		/** Outcome of authenticating from the headers on an `authRequired` route; `null` when they did not authenticate. */
		apiAuth: RequestAuth | null | undefined;
	}
}

/** A typed route validates its params before authentication; an unauthenticated caller may send this much body, no more. */
export const UNAUTHENTICATED_BODY_LIMIT = 16 * 1024;

/**
 * After answering a request whose body was never read, Node discards the rest
 * of the body to keep the connection (nothing is buffered). A body that has not
 * arrived this long after the answer is cut off by closing the connection; closing
 * at once instead could reset it before the client has read the answer.
 */
export const REFUSED_BODY_LINGER_MS = 2000;

/** The `addRoute` route a request was routed to, if any. */
export function apiRouteOf(request: FastifyRequest): RegisteredRoute | undefined {
	return (request.routeOptions.config as { apiRoute?: RegisteredRoute }).apiRoute;
}

/**
 * Whether the pipeline answers something else before authentication: a typed
 * route's params check, or the licence 404 of an Enterprise route that is off.
 */
function answersBeforeAuth(route: RegisteredRoute, services: ApiServices): boolean {
	return route.checksBeforeAuth.length > 0 || (route.license !== undefined && !route.license.every((module) => services.license.hasModule(module)));
}

function hasBody(request: FastifyRequest): boolean {
	const length = request.headers['content-length'];
	return (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined;
}

function lingerThenClose(request: FastifyRequest, res: FastifyReply): void {
	res.raw.once('finish', () => {
		if (request.raw.complete) {
			return;
		}
		const cut = setTimeout(() => request.raw.socket.destroy(), REFUSED_BODY_LINGER_MS);
		cut.unref();
		request.raw.once('end', () => clearTimeout(cut));
	});
}

/** Refuses a body past `limit` bytes while it streams in, so it is never buffered. */
function limitBody(payload: Readable, request: FastifyRequest, limit: number): Readable {
	if (Number(request.headers['content-length']) > limit) {
		throw new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE();
	}
	let received = 0;
	const limited = new Transform({
		transform(chunk: Buffer, _encoding, callback) {
			received += chunk.length;
			callback(received > limit ? new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE() : null, chunk);
		},
	});
	payload.on('error', (error) => limited.destroy(error));
	return payload.pipe(limited);
}

/**
 * On `authRequired` routes, authenticates from `X-User-Id`/`X-Auth-Token`
 * before the body is read: a caller without valid credentials gets its 401
 * without a byte of the body being buffered (what still arrives is discarded,
 * for at most `REFUSED_BODY_LINGER_MS`). Where the pipeline answers something else first
 * (Rocket.Chat's order), an unauthenticated caller may send at most
 * `UNAUTHENTICATED_BODY_LIMIT`. The pipeline reuses the outcome.
 */
export function registerEarlyAuthentication(app: FastifyInstance, services: ApiServices, send: (res: FastifyReply, result: RouteResult) => void): void {
	app.decorateRequest('apiAuth', undefined);

	const refuse = (request: FastifyRequest, res: FastifyReply, result: RouteResult): FastifyReply => {
		if (hasBody(request)) {
			lingerThenClose(request, res);
		}
		send(res, result);
		return res;
	};

	app.addHook('onRequest', async (request, res) => {
		const route = apiRouteOf(request);
		if (!route?.authRequired) {
			return undefined;
		}
		try {
			request.apiAuth = (await authenticateHeaders(services.models, services.settings, request.headers)) ?? null;
		} catch (error) {
			return refuse(request, res, renderError(error, { testMode: services.testMode, logger: services.logger }));
		}
		if (request.apiAuth === null && !answersBeforeAuth(route, services)) {
			return refuse(request, res, renderError(new ApiError('not-logged-in'), { testMode: services.testMode }));
		}
		return undefined;
	});

	app.addHook('preParsing', async (request, _res, payload) =>
		request.apiAuth === null ? limitBody(payload, request, UNAUTHENTICATED_BODY_LIMIT) : payload,
	);
}
