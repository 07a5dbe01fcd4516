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
