import { connectDatabase } from '@omni/database';

import { readConfig } from './config';
import { createServer } from './createServer';
import { createLogger } from './logger';
import { exitGracefullyOnSignals } from './shutdown';
import { startWebClient } from './webClient/startWebClient';

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

/** `npm start`: config → Contact Center build check → store → `createServer` → listen; graceful shutdown on SIGTERM/SIGINT. */
async function main(): Promise<void> {
	const config = readConfig();
	const logger = createLogger(config.logLevel);
	// Checked (and built if stale) in the background while the store opens; the page says when it is not ready yet.
	const webClient = startWebClient(logger);
	const db = await connectDatabase({ mongoUrl: config.mongoUrl, dataDir: config.dataDir });
	const server = await createServer(config, db, { logger, print, webClient });

	await server.app.listen({ port: config.port, host: config.bindIp });
	const { port } = server.app.server.address() as { port: number };
	const url = `http://${displayHost(config.bindIp)}:${port}`;
	const store = config.mongoUrl ? 'MongoDB (MONGO_URL)' : `embedded store in ${config.dataDir}`;
	const edition = server.deps.license.enterprise ? '' : '; community mode (ENTERPRISE=false)';
	print(`Server listening on ${url} (ROOT_URL ${config.rootUrl ?? url}; ${store}${config.testMode ? '; TEST_MODE' : ''}${edition})`);

	exitGracefullyOnSignals(async () => {
		await server.close();
		await db.close();
		await new Promise<void>((resolve) => logger.flush(() => resolve()));
	}, print);
}

main().catch((error: unknown) => {
	print(`Startup failed: ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
});
