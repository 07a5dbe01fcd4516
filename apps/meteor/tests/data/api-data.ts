import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import supertest from 'supertest';

/**
 * The API test harness. Every API test talks to a REAL server process over
 * HTTP: `startServer` spawns `apps/meteor/server/main.ts` on a free port with a
 * fresh data directory; the mocha root hook (`hooks.ts`) starts one shared
 * TEST_MODE server for the whole run and logs in its admin.
 *
 * @example
 * import { api, credentials, request } from '../../data/api-data';
 * const res = await request.get(api('me')).set(credentials).expect(200);
 */

const REPO_ROOT = path.resolve(__dirname, '../../../..');
const SERVER_ENTRY = 'apps/meteor/server/main.ts';
// Generous: a loaded 2-core CI box has been seen taking >10 s to start (mostly rest-typings compiling its validators).
const STARTUP_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;
const LISTENING_LINE = /listening on http:\/\/localhost:(\d+)/;

/** Rocket.Chat's TEST_MODE admin: `_id`, username and password are all this. */
export const TEST_ADMIN = 'rocketchat.internal.admin.test';

export type Credentials = { 'X-User-Id': string; 'X-Auth-Token': string };

export interface StartedServer {
	/** e.g. `http://127.0.0.1:40123` */
	url: string;
	port: number;
	dataDir: string;
	process: ChildProcess;
	/** Everything the process printed so far (stdout and stderr). */
	output(): string;
	/** SIGTERM, wait for a clean exit, remove the data dir if the harness created it. */
	stop(): Promise<void>;
	/** Sends `signal` (default SIGKILL) and waits for the exit; the data dir is kept (crash tests restart on it). */
	kill(signal?: NodeJS.Signals): Promise<void>;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) {
		return Promise.resolve();
	}
	return new Promise((resolve) => {
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve();
		});
	});
}

function waitForListening(child: ChildProcess, output: () => string, timeoutMs: number): Promise<number> {
	return new Promise((resolve, reject) => {
		const fail = (reason: string) => {
			cleanup();
			reject(new Error(`${reason}\n--- server output ---\n${output()}`));
		};
		const onData = () => {
			const match = LISTENING_LINE.exec(output());
			if (match) {
				cleanup();
				resolve(Number(match[1]));
			}
		};
		const onExit = (code: number | null, signal: string | null) => fail(`server exited during startup (code ${code}, signal ${signal})`);
		const timer = setTimeout(() => fail(`server did not start within ${timeoutMs} ms`), timeoutMs);
		function cleanup() {
			clearTimeout(timer);
			child.stdout?.off('data', onData);
			child.off('exit', onExit);
		}
		child.stdout?.on('data', onData);
		child.once('exit', onExit);
	});
}

async function waitUntilServing(url: string, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			const res = await fetch(`${url}/api/info`);
			if (res.ok) {
				return;
			}
		} catch (error) {
			if (Date.now() > deadline) {
				throw error;
			}
		}
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

/**
 * Spawns the real server. Defaults: `TEST_MODE=true`, a free port, a new temp
 * `DATA_DIR`, `LOG_LEVEL=warn`. Pass `TEST_MODE: ''` for a production-like
 * server, or `DATA_DIR` to run on an existing (e.g. pre-seeded) directory.
 * A large pre-seeded directory may need a longer `startupTimeoutMs`.
 */
export async function startServer(
	env: Record<string, string> = {},
	{ startupTimeoutMs = STARTUP_TIMEOUT_MS }: { startupTimeoutMs?: number } = {},
): Promise<StartedServer> {
	const ownsDataDir = !env.DATA_DIR;
	const dataDir = env.DATA_DIR || (await mkdtemp(path.join(os.tmpdir(), 'omni-api-')));
	const child = spawn(process.execPath, ['--import', 'tsx', SERVER_ENTRY], {
		cwd: REPO_ROOT,
		env: { ...process.env, TEST_MODE: 'true', LOG_LEVEL: 'warn', ...env, PORT: '0', DATA_DIR: dataDir },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let printed = '';
	const output = () => printed;
	child.stdout?.on('data', (chunk: Buffer) => {
		printed += chunk.toString();
	});
	child.stderr?.on('data', (chunk: Buffer) => {
		printed += chunk.toString();
	});

	let port: number;
	try {
		port = await waitForListening(child, output, startupTimeoutMs);
	} catch (error) {
		child.kill('SIGKILL');
		await waitForExit(child, STOP_TIMEOUT_MS);
		if (ownsDataDir) {
			await rm(dataDir, { recursive: true, force: true });
		}
		throw error;
	}
	const url = `http://127.0.0.1:${port}`;
	await waitUntilServing(url, startupTimeoutMs);

	return {
		url,
		port,
		dataDir,
		process: child,
		output,
		async stop() {
			child.kill('SIGTERM');
			await waitForExit(child, STOP_TIMEOUT_MS);
			if (ownsDataDir) {
				await rm(dataDir, { recursive: true, force: true });
			}
		},
		async kill(signal: NodeJS.Signals = 'SIGKILL') {
			child.kill(signal);
			await waitForExit(child, STOP_TIMEOUT_MS);
		},
	};
}

/** A server without TEST_MODE: rate limiting and the second factor are on, the admin comes from ADMIN_*. */
export interface ProductionLikeServer {
	server: StartedServer;
	client: ReturnType<typeof supertest>;
	admin: Credentials;
	/** `X-2FA-*` headers for the admin (Rocket.Chat's password fallback: the password's SHA-256 hex). */
	adminTwoFactor: Record<string, string>;
}

/** Starts a production-like server whose first-start admin is `admin`, and logs that admin in. */
export async function startProductionLikeServer(admin: { username: string; password: string; email: string }): Promise<ProductionLikeServer> {
	const server = await startServer({ TEST_MODE: '', ADMIN_USERNAME: admin.username, ADMIN_PASS: admin.password, ADMIN_EMAIL: admin.email });
	return {
		server,
		client: supertest(server.url),
		admin: await login(admin.username, admin.password, server),
		adminTwoFactor: { 'X-2FA-Code': createHash('sha256').update(admin.password).digest('hex'), 'X-2FA-Method': 'password' },
	};
}

/** `api('me')` → `/api/v1/me` */
export function api(route: string): string {
	return `/api/v1/${route}`;
}

let sharedServer: StartedServer | undefined;

/** A supertest client for the shared TEST_MODE server (set by the root hook). */
export let request: ReturnType<typeof supertest>;

/** Headers of the logged-in TEST_MODE admin on the shared server (filled by the root hook). */
export const credentials: Credentials = { 'X-User-Id': '', 'X-Auth-Token': '' };

export function getSharedServer(): StartedServer {
	if (!sharedServer) {
		throw new Error('The shared API server is not running: API tests must live under apps/meteor/tests/end-to-end/');
	}
	return sharedServer;
}

/** Logs in through `POST /api/v1/login` and returns the auth headers. */
export async function login(username: string, password: string, server: StartedServer = getSharedServer()): Promise<Credentials> {
	const res = await supertest(server.url).post(api('login')).send({ user: username, password });
	if (res.status !== 200) {
		throw new Error(`login as ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
	}
	return { 'X-User-Id': res.body.data.userId, 'X-Auth-Token': res.body.data.authToken };
}

export interface TestUser {
	_id: string;
	username: string;
	password: string;
	email: string;
	roles: string[];
	credentials: Credentials;
}

/**
 * Creates a user through `POST users.create` as the admin and logs it in.
 *
 * @example const agent = await createUser({ roles: ['user', 'livechat-agent'] });
 */
export async function createUser(
	options: { roles?: string[]; username?: string; password?: string; name?: string } = {},
	server: StartedServer = getSharedServer(),
	admin: Credentials = credentials,
): Promise<TestUser> {
	const username = options.username ?? `user.${randomBytes(6).toString('hex')}`;
	const password = options.password ?? randomBytes(12).toString('hex');
	const email = `${username}@example.com`;
	const res = await supertest(server.url)
		.post(api('users.create'))
		.set(admin)
		.send({ username, email, password, name: options.name ?? username, ...(options.roles && { roles: options.roles }) });
	if (res.status !== 200) {
		throw new Error(`users.create ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
	}
	const { user } = res.body;
	return { _id: user._id, username, password, email, roles: user.roles, credentials: await login(username, password, server) };
}

/** Root-hook half: starts the shared TEST_MODE server and logs its admin in. */
export async function startSharedServer(): Promise<void> {
	sharedServer = await startServer();
	request = supertest(sharedServer.url);
	Object.assign(credentials, await login(TEST_ADMIN, TEST_ADMIN, sharedServer));
}

export async function stopSharedServer(): Promise<void> {
	const server = sharedServer;
	sharedServer = undefined;
	await server?.stop();
}

/**
 * For crash tests in a mocha `describe`: `start()` spawns a server, the first
 * time on a new data directory and every later time on that same directory
 * (kill the previous one first). After the suite the last server is stopped
 * and the directory removed.
 *
 * @example const servers = useRestartableServer(); const first = await servers.start(); await first.kill(); const second = await servers.start();
 */
export function useRestartableServer(): { start(env?: Record<string, string>): Promise<StartedServer> } {
	let server: StartedServer | undefined;
	let dataDir: string | undefined;
	after(async () => {
		await server?.stop();
		if (dataDir) {
			await rm(dataDir, { recursive: true, force: true });
		}
	});
	return {
		async start(env = {}) {
			server = await startServer({ ...env, ...(dataDir && { DATA_DIR: dataDir }) });
			dataDir ??= server.dataDir;
			return server;
		},
	};
}
