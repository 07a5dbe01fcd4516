import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import autocannon from 'autocannon';

import { login, startServer, type Credentials } from '../apps/meteor/tests/data/api-data';

/*
 * `POST /api/v1/omnichannel/contacts` on our real server against the floor
 * (bench/floor.ts), both on a durable embedded store in a temp dir, measured
 * in the same run and alternated (floor, ours, floor, ours, …) so drift in the
 * machine's load hits both alike. Servers are pinned to core 0 and this
 * process (autocannon) to core 1 when `taskset` is available. Server CPU per
 * request comes from /proc/<pid>/stat (utime + stime) around each round.
 */

export interface EndpointBenchOptions {
	/** Seconds per measured round (default 10). */
	seconds?: number;
	/** Rounds per server (default 3). */
	rounds?: number;
	/** Concurrent connections (default 50). */
	connections?: number;
	/** Our server's LOG_LEVEL (default `warn`: the floor logs nothing either). */
	logLevel?: string;
	log?: (line: string) => void;
}

interface Target {
	name: 'floor' | 'ours';
	url: string;
	pid: number;
	auth: Credentials;
}

interface Round {
	reqPerSec: number;
	p50Ms: number;
	p99Ms: number;
	cpuUsPerReq: number;
	requests: number;
	non2xx: number;
	errors: number;
}

const ADMIN = { username: 'bench.admin', password: 'bench-admin-password' };
const BODY = JSON.stringify({ name: 'Bench Contact', emails: ['bench.contact@example.com'], phones: ['+1 555 0100'] });
const CLOCK_TICKS_PER_SEC = 100;

/** Server CPU time so far (user + system) in µs, from /proc/<pid>/stat. */
function processCpuMicros(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	// Fields after the parenthesised command name; utime and stime are fields 14 and 15.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS_PER_SEC;
}

/** Pins every thread of `pid` to `cpus`; false when taskset is missing or the machine has one core. */
function pin(pid: number, cpus: string): boolean {
	if (os.cpus().length < 2) {
		return false;
	}
	try {
		execFileSync('taskset', ['-a', '-cp', cpus, String(pid)], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}

async function startFloor(dataDir: string): Promise<{ child: ChildProcess; url: string; auth: Credentials }> {
	const child = spawn(process.execPath, ['--import', 'tsx', 'bench/floor.ts'], {
		cwd: path.resolve(__dirname, '..'),
		env: { ...process.env, DATA_DIR: dataDir, ADMIN_USERNAME: ADMIN.username, ADMIN_PASS: ADMIN.password, PORT: '0' },
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	let printed = '';
	return new Promise((resolve, reject) => {
		child.once('exit', (code) => reject(new Error(`floor exited during startup (code ${code})`)));
		child.stdout?.on('data', (chunk: Buffer) => {
			printed += chunk.toString();
			const listening = /floor listening on (http:\/\/\S+)/.exec(printed);
			const auth = /floor auth (\S+) (\S+)/.exec(printed);
			if (listening && auth) {
				child.removeAllListeners('exit');
				resolve({ child, url: listening[1], auth: { 'X-User-Id': auth[1], 'X-Auth-Token': auth[2] } });
			}
		});
	});
}

async function stopChild(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) {
		return;
	}
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
	await exited;
	clearTimeout(timer);
}

async function load(target: Target, seconds: number, connections: number): Promise<Round> {
	const cpuBefore = processCpuMicros(target.pid);
	const result = await autocannon({
		url: `${target.url}/api/v1/omnichannel/contacts`,
		method: 'POST',
		headers: { ...target.auth, 'Content-Type': 'application/json' },
		body: BODY,
		connections,
		duration: seconds,
	});
	const cpuMicros = processCpuMicros(target.pid) - cpuBefore;
	const requests = result.requests.total;
	return {
		reqPerSec: Math.round(requests / seconds),
		p50Ms: result.latency.p50,
		p99Ms: result.latency.p99,
		cpuUsPerReq: Math.round(cpuMicros / Math.max(requests, 1)),
		requests,
		non2xx: result.non2xx,
		errors: result.errors + result.timeouts,
	};
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

function summarize(rounds: Round[]) {
	return {
		reqPerSec: median(rounds.map((r) => r.reqPerSec)),
		p50Ms: median(rounds.map((r) => r.p50Ms)),
		p99Ms: median(rounds.map((r) => r.p99Ms)),
		cpuUsPerReq: median(rounds.map((r) => r.cpuUsPerReq)),
		non2xx: rounds.reduce((sum, r) => sum + r.non2xx, 0),
		errors: rounds.reduce((sum, r) => sum + r.errors, 0),
		rounds,
	};
}

export async function runEndpointBench(opts: EndpointBenchOptions = {}): Promise<Record<string, unknown>> {
	const seconds = opts.seconds ?? 10;
	const rounds = opts.rounds ?? 3;
	const connections = opts.connections ?? 50;
	const log = opts.log ?? ((line: string) => console.log(line));
	const oursDir = await mkdtemp(path.join(os.tmpdir(), 'omni-bench-ours-'));
	const floorDir = await mkdtemp(path.join(os.tmpdir(), 'omni-bench-floor-'));

	const ours = await startServer({
		TEST_MODE: '',
		DATA_DIR: oursDir,
		ADMIN_USERNAME: ADMIN.username,
		ADMIN_PASS: ADMIN.password,
		ADMIN_EMAIL: `${ADMIN.username}@example.com`,
		LOG_LEVEL: opts.logLevel ?? 'warn',
		NODE_ENV: 'production',
	});
	const floor = await startFloor(floorDir).catch(async (error: unknown) => {
		await ours.stop();
		throw error;
	});
	try {
		const targets: Target[] = [
			{ name: 'floor', url: floor.url, pid: floor.child.pid as number, auth: floor.auth },
			{ name: 'ours', url: ours.url, pid: ours.process.pid as number, auth: await login(ADMIN.username, ADMIN.password, ours) },
		];
		const pinned = targets.every((target) => pin(target.pid, '0')) && pin(process.pid, '1');
		log(`endpoint bench: ${connections} connections, ${rounds} × ${seconds}s per server, alternating; pinned: ${pinned ? 'servers → cpu0, autocannon → cpu1' : 'no'}`);

		// A full unmeasured round each: JIT, store and socket pools reach steady state before anything counts.
		for (const target of targets) {
			await load(target, seconds, connections);
		}
		const measured: Record<Target['name'], Round[]> = { floor: [], ours: [] };
		for (let round = 0; round < rounds; round++) {
			for (const target of targets) {
				const result = await load(target, seconds, connections);
				measured[target.name].push(result);
				log(`  round ${round + 1} ${target.name.padEnd(5)} ${String(result.reqPerSec).padStart(6)} req/s  p50 ${result.p50Ms} ms  p99 ${result.p99Ms} ms  ${result.cpuUsPerReq} µs CPU/req`);
			}
		}
		const floorSummary = summarize(measured.floor);
		const oursSummary = summarize(measured.ours);
		return {
			connections,
			seconds,
			rounds,
			pinned,
			durable: true,
			oursLogLevel: opts.logLevel ?? 'warn',
			floor: floorSummary,
			ours: oursSummary,
			reqPerSecRatio: Math.round((100 * oursSummary.reqPerSec) / floorSummary.reqPerSec) / 100,
			cpuPerReqRatio: Math.round((100 * oursSummary.cpuUsPerReq) / floorSummary.cpuUsPerReq) / 100,
		};
	} finally {
		// Give the later benches every core again.
		pin(process.pid, `0-${os.cpus().length - 1}`);
		await Promise.all([ours.stop(), stopChild(floor.child)]);
		await Promise.all([rm(oursDir, { recursive: true, force: true }), rm(floorDir, { recursive: true, force: true })]);
	}
}
