import { connectDatabase } from '@omni/models/src/connect';

import { API } from '../app/api/server/api';
import { buildApp } from './app';
import { readConfig } from './config';
import { createLogger } from './logger';
import './routes';
import { closeHttpServer, exitGracefullyOnSignals } from './shutdown';
import { startServices } from './startServices';

/** `localhost` when listening on every interface, else the bind address itself. */
function displayHost(bindIp: string): string {
	if (bindIp === '0.0.0.0' || bindIp === '::') {
		return 'localhost';
	}
	return bindIp.includes(':') ? `[${bindIp}]` : bindIp;
}

function print(line: string): void {
	process.stdout.write(`${line}\n`);
}

/** `npm start`: connect → indexes → seed → admin → authorization → listen; graceful shutdown on SIGTERM/SIGINT. */
async function main(): Promise<void> {
	const config = readConfig();
	const logger = createLogger(config.logLevel);
	const db = await connectDatabase({ mongoUrl: config.mongoUrl, dataDir: config.dataDir });
	const services = await startServices(db, config, logger, print);
	const app = buildApp(services, {
		registries: [API.default, API.v1],
		bodyLimit: config.bodyLimit,
		instanceId: services.instanceId,
		trustedProxies: config.trustedProxies,
		http: config.http,
	});

	await app.listen({ port: config.port, host: config.bindIp });
	const { port } = app.server.address() as { port: number };
	const url = `http://${displayHost(config.bindIp)}:${port}`;
	const store = config.mongoUrl ? 'MongoDB (MONGO_URL)' : `embedded store in ${config.dataDir}`;
	print(`Server listening on ${url} (ROOT_URL ${config.rootUrl ?? url}; ${store}${config.testMode ? '; TEST_MODE' : ''})`);

	exitGracefullyOnSignals(async () => {
		await closeHttpServer(app);
		await services.stop();
		await db.close();
		await new Promise<void>((resolve) => logger.flush(() => resolve()));
	}, print);
}

main().catch((error: unknown) => {
	print(`Startup failed: ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
});
