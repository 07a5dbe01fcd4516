import type { FastifyInstance } from 'fastify';

import { parseQueryString } from './queryString';

type Body = Record<string, unknown> | unknown[];

/** body-parser's extended urlencoded parser lets `qs` build arrays up to index 100. */
const URLENCODED_ARRAY_LIMIT = 100;

function dropProtoKeys(key: string, value: unknown): unknown {
	return key === '__proto__' ? undefined : value;
}

/**
 * A JSON body as Rocket.Chat's Express parsers hand it over: empty or unparseable text and
 * bare primitives become `{}`, so validation — not the parser — answers.
 */
export function parseJsonBody(text: string): Body {
	let parsed: unknown;
	try {
		// The reviver costs time, so it only runs on the rare body that needs it.
		parsed = text.includes('"__proto__"') ? JSON.parse(text, dropProtoKeys) : JSON.parse(text);
	} catch {
		return {};
	}
	return typeof parsed === 'object' && parsed !== null ? (parsed as Body) : {};
}

/**
 * JSON and urlencoded bodies; any other content type is read (so the size
 * limit still applies) and treated as an empty body rather than refused.
 */
export function registerBodyParsers(app: FastifyInstance): void {
	app.removeAllContentTypeParsers();
	app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
		done(null, parseJsonBody(body as string));
	});
	app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
		done(null, parseQueryString(body as string, URLENCODED_ARRAY_LIMIT));
	});
	app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, _body, done) => {
		done(null, {});
	});
}
