import type { IDatabase } from '@omni/model-typings';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

// Enterprise routes and patches register themselves on import; the licence (`ENTERPRISE`) decides per request.
// The only import of `@omni/ee` in community code (enforced by tests/architecture.spec.ts).
import '@omni/ee';

import { API } from '../app/api/server/api';
import type { Deps } from '../app/lib/server/deps';
import { buildApp } from './app';
import type { ServerConfig } from './config';
import { createLogger } from './logger';
import './routes';
import { closeHttpServer } from './shutdown';
import { startServices } from './startServices';
import type { WebClient } from './webClient/startWebClient';

export interface ServerOptions {
	/** Default: a pino logger at `config.logLevel`. */
	logger?: Logger;
	/** Where operator lines (e.g. a generated admin password) go; default stdout. */
	print?: (line: string) => void;
	/** The Contact Center to serve outside `/api/` (`main.ts` passes one; a Meteor mount serves its own client). */
	webClient?: WebClient;
}

/** A started API: the Fastify app (not yet listening) and the deps its routes run with. */
export interface OmniServer {
	readonly app: FastifyInstance;
	readonly deps: Deps;
	readonly instanceId: string;
	/** Finishes in-flight requests and stops caches and timers; the database stays open (its owner closes it). */
	close(): Promise<void>;
}

/**
 * The composition root: the one place that wires config and an open database
 * into models, settings, authorization, licence, domain events, the route
 * registry and the HTTP app. `main.ts` listens on it, `handler.ts` mounts it
 * into Express/Meteor, and the bench starts it through `main.ts`.
 *
 * @example const server = await createServer(readConfig(), await connectDatabase({})); await server.app.listen({ port: 3000 });
 */
export async function createServer(config: ServerConfig, db: IDatabase, options: ServerOptions = {}): Promise<OmniServer> {
	const logger = options.logger ?? createLogger(config.logLevel);
	const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
	const services = await startServices(db, config, logger, print);
	// Timeouts and the connection cap act on the server `main.ts` listens with; a host mounting the handler keeps its own.
	const app = buildApp(services, {
		registries: [API.default, API.v1],
		bodyLimit: config.bodyLimit,
		instanceId: services.instanceId,
		trustedProxies: config.trustedProxies,
		http: config.http,
		webClient: options.webClient,
	});
	await app.ready();
	return {
		app,
		deps: services,
		instanceId: services.instanceId,
		async close() {
			await closeHttpServer(app);
			await services.stop();
		},
	};
}
