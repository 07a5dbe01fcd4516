import { login, startServer, TEST_ADMIN, type Credentials } from '../apps/meteor/tests/data/api-data';

/*
 * Login under attack, against our real server: how long `GET me` takes while
 * 20 wrong-password logins at a time are being hashed (bcrypt runs on worker
 * threads, so the event loop keeps serving), and whether an unknown user
 * takes as long as a wrong password (nobody's hash is compared instead).
 * TEST_MODE keeps the route limiter and the lockout out of the way: this
 * measures the hashing, not the refusals.
 */

export interface LoginFloodBenchOptions {
	logins?: number;
	concurrency?: number;
	timingTries?: number;
	log?: (line: string) => void;
}

function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	if (!sorted.length) {
		return 0;
	}
	return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] * 100) / 100;
}

export async function runLoginFloodBench({ logins = 300, concurrency = 20, timingTries = 30, log = console.log }: LoginFloodBenchOptions = {}) {
	const server = await startServer({ TEST_MODE: 'true', LOG_LEVEL: 'warn' });
	try {
		const admin: Credentials = await login(TEST_ADMIN, TEST_ADMIN, server);
		const timed = async (fn: () => Promise<Response>): Promise<number> => {
			const started = performance.now();
			const res = await fn();
			await res.arrayBuffer();
			return performance.now() - started;
		};
		const getMe = () => timed(() => fetch(`${server.url}/api/v1/me`, { headers: admin }));
		const wrongLogin = (user: string) =>
			timed(() =>
				fetch(`${server.url}/api/v1/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user, password: 'wrong' }) }),
			);

		const quiet: number[] = [];
		for (let i = 0; i < 200; i++) {
			quiet.push(await getMe());
		}

		const wrongPassword: number[] = [];
		const unknownUser: number[] = [];
		for (let i = 0; i < timingTries; i++) {
			wrongPassword.push(await wrongLogin(TEST_ADMIN));
			unknownUser.push(await wrongLogin(`nobody.${i}`));
		}

		let sent = 0;
		const loginLatencies: number[] = [];
		const floodStarted = performance.now();
		const flood = Promise.all(
			Array.from({ length: concurrency }, async () => {
				while (sent < logins) {
					sent++;
					loginLatencies.push(await wrongLogin(TEST_ADMIN));
				}
			}),
		);
		let flooding = true;
		flood.finally(() => {
			flooding = false;
		});
		const underFlood: number[] = [];
		while (flooding) {
			underFlood.push(await getMe());
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
		await flood;
		const floodSeconds = (performance.now() - floodStarted) / 1000;

		const figures = {
			getMeQuiet: { p50Ms: percentile(quiet, 50), p99Ms: percentile(quiet, 99) },
			getMeUnderFlood: { p50Ms: percentile(underFlood, 50), p99Ms: percentile(underFlood, 99), samples: underFlood.length },
			flood: { logins, concurrency, loginsPerSec: Math.round(logins / floodSeconds), loginP50Ms: percentile(loginLatencies, 50) },
			timing: {
				wrongPasswordP50Ms: percentile(wrongPassword, 50),
				unknownUserP50Ms: percentile(unknownUser, 50),
				ratio: Math.round((percentile(unknownUser, 50) / percentile(wrongPassword, 50)) * 100) / 100,
			},
		};
		log(JSON.stringify(figures));
		return figures;
	} finally {
		await server.stop();
	}
}
