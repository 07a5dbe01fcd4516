import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';

import type { APIClass, RegisteredRoute } from '../app/api/server/api';
import { createClientAddressResolver, isTrusted, parseTrustedProxies, type ClientAddressResolver } from '../app/api/server/clientAddress';
import type { Method, RouteResult } from '../app/api/server/definition';
import { runRoute } from '../app/api/server/pipeline';
import { renderError } from '../app/api/server/errors/renderError';
import { internalError } from '../app/api/server/responses';
import { ApiError } from '../lib/errors/MeteorError';
import type { ApiServices } from '../app/api/server/services';
import { buildStandardHeaders } from '../app/api/server/standardHeaders';
import { registerBodyParsers } from './bodyParsers';
import { DEFAULT_HTTP_LIMITS, type HttpLimits } from './config';
import { trackConnectionsPerAddress } from './connectionLimit';
import { apiRouteOf, registerEarlyAuthentication } from './earlyAuthentication';
import { clientErrorResult, frameworkErrorResult, rawResponse } from './httpErrors';
import { parseQueryString } from './queryString';
import { registerWebClientRoutes } from './webClient/webClientRoutes';
import type { WebClient } from './webClient/startWebClient';

export interface AppOptions {
	registries: readonly APIClass[];
	bodyLimit: number;
	instanceId: string;
	/** `TRUSTED_PROXIES` (see `clientAddress.ts`); default: trust no forwarding header. */
	trustedProxies?: string;
	/** Timeouts and the per-address connection cap of the listening server. */
	http?: HttpLimits;
	/** The Contact Center page and its assets, served outside `/api/` (absent: API only). */
	webClient?: WebClient;
}

/** Node checks its request/headers deadlines on this period; its default (30 s) would let a slow client stay 30 s past them. */
const MAX_TIMEOUT_CHECK_INTERVAL_MS = 1000;

/** The request path without its query string: queries carry emails and search texts (PII), which stay out of logs. */
function pathOf(url: string): string {
	const query = url.indexOf('?');
	return query === -1 ? url : url.slice(0, query);
}

const EMPTY: Record<string, never> = Object.freeze({}) as Record<string, never>;

function send(reply: FastifyReply, standardHeaders: Readonly<Record<string, string>>, result: RouteResult): void {
	reply.code(result.statusCode).headers(standardHeaders);
	if (result.headers) {
		reply.headers(result.headers);
	}
	// A per-reply serializer keeps Rocket.Chat's plain `application/json` (Fastify appends "; charset=utf-8" to
	// string payloads) and leaves Node a single string to write with the headers.
	reply.serializer(JSON.stringify).send(result.body);
}

function toApiRequest(request: FastifyRequest, method: Method, clientAddress: ClientAddressResolver) {
	return {
		method,
		body: (request.body as Record<string, unknown> | undefined) ?? {},
		query: (request.query as Record<string, unknown> | undefined) ?? EMPTY,
		params: (request.params as Record<string, string> | undefined) ?? EMPTY,
		headers: request.headers,
		clientIp: clientAddress(request.headers, request.socket.remoteAddress),
		auth: request.apiAuth,
	};
}

/**
 * The Fastify application: Rocket.Chat's body and query parsing, every
 * registered route run through the `addRoute` pipeline, JSON for unknown routes
 * and framework errors, one log line per request. Routes are not given Fastify
 * schemas: validation belongs to the pipeline (Fastify's ajv would coerce and
 * strip unknown properties).
 */
export function buildApp(services: ApiServices, options: AppOptions): FastifyInstance {
	const standardHeaders = buildStandardHeaders(options.instanceId);
	const reply = (res: FastifyReply, result: RouteResult) => send(res, standardHeaders, result);
	const trustedProxies = parseTrustedProxies(options.trustedProxies ?? '');
	const clientAddress = createClientAddressResolver(trustedProxies);
	const http = options.http ?? DEFAULT_HTTP_LIMITS;

	const app = Fastify({
		logger: false,
		bodyLimit: options.bodyLimit,
		forceCloseConnections: 'idle',
		// While draining at shutdown, requests that still arrive on open connections are served (with `Connection: close`), not refused.
		return503OnClosing: false,
		routerOptions: { querystringParser: parseQueryString, maxParamLength: 1000 },
		frameworkErrors: (error, _request, res) => reply(res, frameworkErrorResult(error)),
		requestTimeout: http.requestTimeoutMs,
		keepAliveTimeout: http.keepAliveTimeoutMs,
		http: {
			headersTimeout: http.headersTimeoutMs,
			connectionsCheckingInterval: Math.min(MAX_TIMEOUT_CHECK_INTERVAL_MS, http.headersTimeoutMs),
		},
		clientErrorHandler: (error, socket) => {
			if ((error as NodeJS.ErrnoException).code === 'ECONNRESET' || socket.destroyed) {
				return;
			}
			if (socket.writable) {
				socket.end(rawResponse(clientErrorResult(error as NodeJS.ErrnoException), standardHeaders));
			}
			socket.destroySoon();
		},
	});

	// Behind a proxy every client shares the proxy's address, so trusted proxies are not capped.
	const isOverConnectionCap = trackConnectionsPerAddress(app.server, http.maxConnectionsPerIp, (address) => isTrusted(trustedProxies, address));
	app.addHook('onRequest', (request, res, done) => {
		if (isOverConnectionCap(request.raw.socket)) {
			res.header('Connection', 'close');
			reply(res, renderError(new ApiError('error-too-many-connections'), { testMode: false }));
			return;
		}
		done();
	});

	registerEarlyAuthentication(app, services, reply);
	registerBodyParsers(app);

	for (const registry of options.registries) {
		for (const route of registry.routes) {
			app.route({ method: route.method, url: route.path, handler: routeHandler(route), config: { apiRoute: route } });
		}
	}

	if (options.webClient) {
		registerWebClientRoutes(app, options.webClient);
	}

	// Not an async function: runRoute never rejects, and one promise less per request is measurable on small routes.
	function routeHandler(route: RegisteredRoute) {
		return (request: FastifyRequest, res: FastifyReply): void => {
			runRoute(route, toApiRequest(request, route.method, clientAddress), services).then((result) => reply(res, result));
		};
	}

	app.setNotFoundHandler((request, res) => {
		reply(res, renderError(new ApiError('endpoint-not-found', { method: request.method, path: pathOf(request.url) }), { testMode: false }));
	});

	app.setErrorHandler((error, request, res) => {
		const apiRoute = apiRouteOf(request);
		if ((error as FastifyError).code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' && apiRoute) {
			// Express's body parsers skip a Content-Type they cannot read, so Rocket.Chat runs the route with an empty body.
			runRoute(apiRoute, { ...toApiRequest(request, apiRoute.method, clientAddress), body: {} }, services).then((result) => reply(res, result));
			return;
		}
		const result = frameworkErrorResult(error as FastifyError);
		if (result.statusCode >= 500) {
			services.logger.error({ err: error, method: request.method, url: pathOf(request.url) }, 'unhandled error');
			reply(res, internalError());
			return;
		}
		reply(res, result);
	});

	app.addHook('onResponse', (request, res, done) => {
		// Checked per request (the level can change at run time); at warn and above nothing is built.
		if (!services.logger.isLevelEnabled('info')) {
			done();
			return;
		}
		services.logger.info({ method: request.method, url: pathOf(request.url), status: res.statusCode, ms: Math.round(res.elapsedTime * 10) / 10 });
		done();
	});

	return app;
}
