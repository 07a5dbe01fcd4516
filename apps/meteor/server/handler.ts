import type { IncomingMessage, ServerResponse } from 'node:http';

import type { IDatabase } from '@omni/model-typings';
import type { Logger } from 'pino';

import { internalError } from '../app/api/server/responses';
import { readConfig } from './config';
import { createServer } from './createServer';
import { createLogger } from './logger';

export interface HandlerOptions {
	/** An open database (e.g. Meteor's MongoDB adapted to `IDatabase`); the host owns and closes it. */
	db: IDatabase;
	/** Configuration variables (see `config.ts`); default `process.env`. `PORT` is unused: the host listens. */
	env?: NodeJS.ProcessEnv;
	logger?: Logger;
	/** Where operator lines (e.g. a generated admin password) go; default stdout. */
	print?: (line: string) => void;
}

/** Express/connect middleware with a readiness promise and a way to stop it. */
export interface ConnectHandler {
	(req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void;
	/** Resolves once startup (indexes, seed data, caches) is done; rejects if it failed. */
	readonly ready: Promise<void>;
	/** Finishes in-flight requests and stops the caches; the database stays open. */
	close(): Promise<void>;
}

/**
 * The API as Express/connect middleware, which is how a Meteor 3 app hosts it
 * (`WebApp.handlers.use(createHandler({ db }))`). Requests under `/api/` go
 * through the same Fastify application `main.ts` serves; anything else falls
 * through to `next()`. Mount it before any body parser: it reads the body itself.
 * If startup failed, `ready` rejects and API requests get a JSON 500.
 *
 * @example express().use(createHandler({ db })).listen(3000);
 */
export function createHandler(options: HandlerOptions): ConnectHandler {
	const config = readConfig(options.env);
	const logger = options.logger ?? createLogger(config.logLevel);
	const started = createServer(config, options.db, { logger, print: options.print });
	// A failed startup is reported through `ready` and per request, never as an unhandled rejection.
	started.catch((error: unknown) => logger.error({ err: error }, 'API startup failed'));

	const handler = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void => {
		if (!req.url?.startsWith('/api/')) {
			next();
			return;
		}
		// Express adds its own banner header; the API never sends one, as Rocket.Chat's does not.
		res.removeHeader('X-Powered-By');
		started.then(
			({ app }) => app.routing(req, res),
			() => {
				// Startup failed (reported through `ready`): API clients still get the API's JSON, not the host's error page.
				res.writeHead(500, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify(internalError().body));
			},
		);
	};

	const ready = started.then(() => undefined);
	ready.catch(() => undefined);

	return Object.assign(handler, {
		ready,
		async close() {
			await (await started).close();
		},
	});
}
