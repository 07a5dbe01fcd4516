import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import type { StaticFile } from './loadBuild';
import type { WebClient } from './startWebClient';

/** Paths the single-page app routes itself (Rocket.Chat's Contact Center lives at /omnichannel/contacts). */
const PAGE_PATHS = ['/', '/login', '/omnichannel/contacts', '/omnichannel/contacts/*'];

const IMMUTABLE = 'public, max-age=31536000, immutable';

/** The page runs only our own bundle; fuselage injects its styles at run time, hence 'unsafe-inline' for styles. */
const PAGE_SECURITY_HEADERS = {
	'Content-Security-Policy':
		"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'",
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'same-origin',
};

function acceptsGzip(request: FastifyRequest): boolean {
	const accept = request.headers['accept-encoding'];
	return typeof accept === 'string' && /\bgzip\b/.test(accept);
}

function sendFile(request: FastifyRequest, reply: FastifyReply, file: StaticFile, cacheControl: string): void {
	reply.headers({ 'Content-Type': file.contentType, 'Cache-Control': cacheControl, ETag: file.etag, Vary: 'Accept-Encoding' });
	if (request.headers['if-none-match'] === file.etag) {
		reply.code(304).send();
		return;
	}
	if (file.gzipped && acceptsGzip(request)) {
		reply.header('Content-Encoding', 'gzip').send(file.gzipped);
		return;
	}
	reply.send(file.body);
}

function sendNotice(reply: FastifyReply, status: number, text: string, retryAfterSeconds?: number): void {
	const refresh = retryAfterSeconds ? `<meta http-equiv="refresh" content="${retryAfterSeconds}">` : '';
	reply
		.code(status)
		.headers({ 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...PAGE_SECURITY_HEADERS })
		.headers(retryAfterSeconds ? { 'Retry-After': String(retryAfterSeconds) } : {})
		.send(`<!doctype html><html lang="en"><head><meta charset="utf-8">${refresh}<title>Contact Center</title></head><body><p>${text}</p></body></html>`);
}

/**
 * Serves the Contact Center: the page (`index.html`, revalidated on every load) at the app's
 * own paths, and content-hashed assets under `/assets/` cached for a year. Everything under
 * `/api/` stays the API's. While the first build of new sources runs the page answers 503
 * and reloads itself.
 */
export function registerWebClientRoutes(app: FastifyInstance, webClient: WebClient): void {
	const page = (request: FastifyRequest, reply: FastifyReply): void => {
		const build = webClient.current();
		if (build) {
			reply.headers(PAGE_SECURITY_HEADERS);
			sendFile(request, reply, build.indexHtml, 'no-cache');
			return;
		}
		if (webClient.status() === 'building') {
			sendNotice(reply, 503, 'The Contact Center is being built; this page reloads in a moment.', 2);
			return;
		}
		sendNotice(reply, 500, 'The Contact Center could not be built; the server log says why. The REST API under /api/ is unaffected.');
	};
	for (const url of PAGE_PATHS) {
		app.get(url, page);
	}

	app.get('/assets/:file', (request, reply) => {
		const { file } = request.params as { file: string };
		const asset = webClient.current()?.assets.get(file);
		if (!asset) {
			reply.code(404).headers({ 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).send('Not found');
			return;
		}
		sendFile(request, reply, asset, IMMUTABLE);
	});
}
