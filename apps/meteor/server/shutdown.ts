import type { FastifyInstance } from 'fastify';

/**
 * Stops accepting connections and waits for in-flight requests. Node closes
 * idle keep-alive sockets only once, when closing starts; a socket whose
 * request finishes later would then hold the server open until the client
 * hangs up, so idle sockets are reaped until the server is closed.
 */
export async function closeHttpServer(app: FastifyInstance, reapEveryMs = 50): Promise<void> {
	const reaper = setInterval(() => app.server.closeIdleConnections(), reapEveryMs);
	try {
		await app.close();
	} finally {
		clearInterval(reaper);
	}
}

/**
 * Runs `close` once on SIGTERM or SIGINT, then exits 0 (1 if closing fails or
 * takes longer than `timeoutMs`). A second signal while closing is ignored,
 * so an impatient Ctrl-C cannot cut a store flush short.
 */
export function exitGracefullyOnSignals(close: () => Promise<void>, print: (line: string) => void, timeoutMs = 15_000): void {
	let closing = false;
	const onSignal = (signal: NodeJS.Signals) => {
		if (closing) {
			return;
		}
		closing = true;
		print(`${signal} received: finishing in-flight requests and closing the store`);
		const timer = setTimeout(() => {
			print(`shutdown took longer than ${timeoutMs} ms; exiting`);
			process.exit(1);
		}, timeoutMs);
		timer.unref();
		close().then(
			() => process.exit(0),
			(error: unknown) => {
				print(`shutdown failed: ${error instanceof Error ? error.stack : String(error)}`);
				process.exit(1);
			},
		);
	};
	process.on('SIGTERM', onSignal);
	process.on('SIGINT', onSignal);
}
