import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import autocannon from 'autocannon';

import { login, startServer, type Credentials } from '../apps/meteor/tests/data/api-data';

/*
 * `POST /api/v1/omnichannel/contacts` measured side by side in one run on three
 * servers (bench/floor.ts has both floors):
 *
 * - `http`  — the HTTP-only floor: bare node:http, parse the body, answer the same 200 body;
 * - `floor` — the same-work floor: bare node:http plus the endpoint's unavoidable work on a durable store;
 * - `ours`  — our real server (`main.ts`, production mode, durable embedded store).
 *
 * Rounds alternate (http, floor, ours, http, …) so drift in the machine's load
 * hits all alike. Servers are pinned to core 0, the load generator to core 1
 * (`taskset`). The generator is Debian's `wrk` (one thread, installed with
 * apt-get when missing): a C client that saturates even the HTTP-only floor on
 * one core. When it cannot be installed the bench says so and falls back to
 * autocannon, which may not saturate the fastest server — each server's CPU
 * utilisation is reported so a generator-bound figure shows (a saturated
 * server runs near 100 % of its core). Server CPU per request comes from
 * /proc/<pid>/stat (utime + stime of all threads) around each round; bytes
 * allocated per request from V8's GC trace (bench/gcTrace.cjs, preloaded in every server).
 */

export interface EndpointBenchOptions {
	/** Seconds per measured round (default 10). */
	seconds?: number;
	/** Rounds per server (default 3). */
	rounds?: number;
	/** Concurrent connections (default 50). */
	connections?: number;
	/** Our server's LOG_LEVEL (default `warn`: the floors log nothing either). */
	logLevel?: string;
	log?: (line: string) => void;
}

type ServerName = 'http' | 'floor' | 'ours';

interface Target {
	name: ServerName;
	url: string;
	pid: number;
	auth: Credentials;
	/** Bytes the server's JavaScript heap allocated so far, as of its last garbage collection. */
	allocatedBytes(): number;
}

interface LoadResult {
	requests: number;
	seconds: number;
	p50Ms: number;
	p99Ms: number;
	non2xx: number;
	errors: number;
}

interface Round extends Omit<LoadResult, 'seconds'> {
	reqPerSec: number;
	cpuUsPerReq: number;
	/** JavaScript heap bytes allocated per request (young and old generation, from V8's GC trace). */
	bytesPerReq: number;
	/** Server CPU time over wall time, percent of one core. */
	cpuPercent: number;
}

type Generator = { name: 'wrk' | 'autocannon'; run(target: Target, seconds: number, connections: number): Promise<LoadResult> };

const ADMIN = { username: 'bench.admin', password: 'bench-admin-password' };
const BODY = JSON.stringify({ name: 'Bench Contact', emails: ['bench.contact@example.com'], phones: ['+1 555 0100'] });
const PATH = '/api/v1/omnichannel/contacts';
const CLOCK_TICKS_PER_SEC = 100;
/** Makes each server print V8's per-GC allocation figures (see bench/gcTrace.cjs). */
const GC_TRACE_ENV = { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${path.join(__dirname, 'gcTrace.cjs')}`.trim() };
const SERVER_CPU = '0';
const GENERATOR_CPU = '1';

/** Server CPU time so far (user + system) in µs, from /proc/<pid>/stat. */
function processCpuMicros(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	// Fields after the parenthesised command name; utime and stime are fields 14 and 15.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS_PER_SEC;
}

/** Sums the `allocated=` figures of V8's GC trace lines as a server prints them. */
function countAllocations(stdout: NodeJS.ReadableStream): () => number {
	let total = 0;
	let tail = '';
	stdout.on('data', (chunk: Buffer) => {
		const text = tail + chunk.toString('latin1');
		const end = text.lastIndexOf('\n') + 1;
		tail = text.slice(end);
		for (const match of text.slice(0, end).matchAll(/ allocated=(\d+)/g)) total += Number(match[1]);
	});
	return () => total;
}

function hasCommand(command: string): boolean {
	try {
		execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
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

/** `wrk` on the PATH, installed from Debian when missing (idempotent; needs root, as CI and these machines run). */
function ensureWrk(log: (line: string) => void): boolean {
	if (hasCommand('wrk')) {
		return true;
	}
	log('endpoint bench: wrk missing, installing it with apt-get');
	for (const steps of [[['install', '-y', 'wrk']], [['update'], ['install', '-y', 'wrk']]]) {
		try {
			for (const args of steps) execFileSync('apt-get', args, { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
			if (hasCommand('wrk')) return true;
		} catch {
			// Try with a fresh package list, then give up.
		}
	}
	return false;
}

function wrkScript(auth: Credentials): string {
	const headers = Object.entries({ ...auth, 'Content-Type': 'application/json' })
		.map(([name, value]) => `wrk.headers[${JSON.stringify(name)}] = ${JSON.stringify(value)}`)
		.join('\n');
	return `wrk.method = "POST"
wrk.body = ${JSON.stringify(BODY)}
${headers}
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('\\nRESULT {"requests":%d,"durationUs":%d,"p50Us":%d,"p99Us":%d,"non2xx":%d,"errors":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout))
end
`;
}

function wrkGenerator(scriptDir: string, pinned: () => boolean): Generator {
	return {
		name: 'wrk',
		async run(target, seconds, connections) {
			const script = path.join(scriptDir, `${target.name}.lua`);
			await writeFile(script, wrkScript(target.auth));
			const wrkArgs = ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', '-s', script, `${target.url}${PATH}`];
			const [command, args] = pinned() ? ['taskset', ['-c', GENERATOR_CPU, 'wrk', ...wrkArgs]] : ['wrk', wrkArgs];
			const output = await new Promise<string>((resolve, reject) => {
				const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
				let printed = '';
				child.stdout.on('data', (chunk: Buffer) => {
					printed += chunk.toString();
				});
				child.once('error', reject);
				child.once('exit', (code) => (code === 0 ? resolve(printed) : reject(new Error(`wrk exited with ${code}: ${printed}`))));
			});
			const line = /^RESULT (.*)$/m.exec(output);
			if (!line) throw new Error(`wrk printed no result: ${output}`);
			const result = JSON.parse(line[1]) as { requests: number; durationUs: number; p50Us: number; p99Us: number; non2xx: number; errors: number };
			return {
				requests: result.requests,
				seconds: result.durationUs / 1e6,
				p50Ms: result.p50Us / 1000,
				p99Ms: result.p99Us / 1000,
				non2xx: result.non2xx,
				errors: result.errors,
			};
		},
	};
}

const autocannonGenerator: Generator = {
	name: 'autocannon',
	async run(target, seconds, connections) {
		const result = await autocannon({
			url: `${target.url}${PATH}`,
			method: 'POST',
			headers: { ...target.auth, 'Content-Type': 'application/json' },
			body: BODY,
			connections,
			duration: seconds,
		});
		return {
			requests: result.requests.total,
			seconds,
			p50Ms: result.latency.p50,
			p99Ms: result.latency.p99,
			non2xx: result.non2xx,
			errors: result.errors + result.timeouts,
		};
	},
};

async function startFloor(kind: 'http' | 'work', env: Record<string, string>): Promise<{ child: ChildProcess; url: string; auth?: Credentials; allocatedBytes: () => number }> {
	const child = spawn(process.execPath, ['--import', 'tsx', 'bench/floor.ts'], {
		cwd: path.resolve(__dirname, '..'),
		env: { ...process.env, ...env, ...GC_TRACE_ENV, FLOOR_KIND: kind, PORT: '0' },
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const allocatedBytes = countAllocations(child.stdout as NodeJS.ReadableStream);
	let printed = '';
	return new Promise((resolve, reject) => {
		child.once('exit', (code) => reject(new Error(`${kind} floor exited during startup (code ${code})`)));
		const onData = (chunk: Buffer) => {
			printed += chunk.toString();
			const listening = /floor listening on (http:\/\/\S+)/.exec(printed);
			const auth = /floor auth (\S+) (\S+)/.exec(printed);
			if (listening && (auth || kind === 'http')) {
				child.removeAllListeners('exit');
				child.stdout?.off('data', onData);
				resolve({ child, url: listening[1], auth: auth ? { 'X-User-Id': auth[1], 'X-Auth-Token': auth[2] } : undefined, allocatedBytes });
			}
		};
		child.stdout?.on('data', onData);
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

async function measure(generator: Generator, target: Target, seconds: number, connections: number): Promise<Round> {
	const cpuBefore = processCpuMicros(target.pid);
	const allocatedBefore = target.allocatedBytes();
	const wallBefore = process.hrtime.bigint();
	const { seconds: loadSeconds, ...result } = await generator.run(target, seconds, connections);
	const wallMicros = Number(process.hrtime.bigint() - wallBefore) / 1000;
	const cpuMicros = processCpuMicros(target.pid) - cpuBefore;
	const allocated = target.allocatedBytes() - allocatedBefore;
	return {
		...result,
		reqPerSec: Math.round(result.requests / loadSeconds),
		cpuUsPerReq: Math.round((10 * cpuMicros) / Math.max(result.requests, 1)) / 10,
		cpuPercent: Math.round((100 * cpuMicros) / wallMicros),
		bytesPerReq: Math.round(allocated / Math.max(result.requests, 1)),
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
		cpuPercent: median(rounds.map((r) => r.cpuPercent)),
		bytesPerReq: median(rounds.map((r) => r.bytesPerReq)),
		non2xx: rounds.reduce((sum, r) => sum + r.non2xx, 0),
		errors: rounds.reduce((sum, r) => sum + r.errors, 0),
		rounds,
	};
}

const ratio = (a: number, b: number): number => Math.round((100 * a) / b) / 100;

export async function runEndpointBench(opts: EndpointBenchOptions = {}): Promise<Record<string, unknown>> {
	const seconds = opts.seconds ?? 10;
	const rounds = opts.rounds ?? 3;
	const connections = opts.connections ?? 50;
	const log = opts.log ?? ((line: string) => console.log(line));
	const oursDir = await mkdtemp(path.join(os.tmpdir(), 'omni-bench-ours-'));
	const floorDir = await mkdtemp(path.join(os.tmpdir(), 'omni-bench-floor-'));
	const scriptDir = await mkdtemp(path.join(os.tmpdir(), 'omni-bench-wrk-'));

	const hasWrk = ensureWrk(log);
	if (!hasWrk) {
		log('\n!!! endpoint bench: wrk is not installed and apt-get could not install it (not root? no package list?).');
		log('!!! Falling back to autocannon, which runs in Node and may NOT saturate the fastest server:');
		log('!!! read the CPU utilisation column — a server well below 100 % is generator-bound.\n');
	}

	const ours = await startServer({
		TEST_MODE: '',
		DATA_DIR: oursDir,
		ADMIN_USERNAME: ADMIN.username,
		ADMIN_PASS: ADMIN.password,
		ADMIN_EMAIL: `${ADMIN.username}@example.com`,
		LOG_LEVEL: opts.logLevel ?? 'warn',
		NODE_ENV: 'production',
		...GC_TRACE_ENV,
	});
	const children: ChildProcess[] = [];
	try {
		const floor = await startFloor('work', { DATA_DIR: floorDir, ADMIN_USERNAME: ADMIN.username, ADMIN_PASS: ADMIN.password });
		children.push(floor.child);
		const httpOnly = await startFloor('http', {});
		children.push(httpOnly.child);
		const oursAuth = await login(ADMIN.username, ADMIN.password, ours);
		const targets: Target[] = [
			// The HTTP-only floor gets the same headers as ours, so every server reads the same request bytes.
			{ name: 'http', url: httpOnly.url, pid: httpOnly.child.pid as number, auth: oursAuth, allocatedBytes: httpOnly.allocatedBytes },
			{ name: 'floor', url: floor.url, pid: floor.child.pid as number, auth: floor.auth as Credentials, allocatedBytes: floor.allocatedBytes },
			{ name: 'ours', url: ours.url, pid: ours.process.pid as number, auth: oursAuth, allocatedBytes: countAllocations(ours.process.stdout as NodeJS.ReadableStream) },
		];
		const pinned = targets.every((target) => pin(target.pid, SERVER_CPU)) && pin(process.pid, GENERATOR_CPU);
		const generator = hasWrk ? wrkGenerator(scriptDir, () => pinned) : autocannonGenerator;
		log(
			`endpoint bench: ${generator.name}, ${connections} connections, ${rounds} × ${seconds}s per server, alternating; ` +
				`pinned: ${pinned ? `servers → cpu${SERVER_CPU}, ${generator.name} → cpu${GENERATOR_CPU}` : 'no'}`,
		);

		// A full unmeasured round each: JIT, store and socket pools reach steady state before anything counts.
		for (const target of targets) {
			await measure(generator, target, seconds, connections);
		}
		const measured: Record<ServerName, Round[]> = { http: [], floor: [], ours: [] };
		for (let round = 0; round < rounds; round++) {
			for (const target of targets) {
				const result = await measure(generator, target, seconds, connections);
				measured[target.name].push(result);
				log(
					`  round ${round + 1} ${target.name.padEnd(5)} ${String(result.reqPerSec).padStart(6)} req/s  p50 ${result.p50Ms} ms  p99 ${result.p99Ms} ms  ` +
						`${result.cpuUsPerReq} µs CPU/req  server CPU ${result.cpuPercent} %  ${result.bytesPerReq} B/req${result.non2xx + result.errors ? `  non-2xx ${result.non2xx}, errors ${result.errors}` : ''}`,
				);
			}
		}
		const http = summarize(measured.http);
		const floorSummary = summarize(measured.floor);
		const oursSummary = summarize(measured.ours);
		return {
			generator: generator.name,
			connections,
			seconds,
			rounds,
			pinned,
			durable: true,
			oursLogLevel: opts.logLevel ?? 'warn',
			httpFloor: http,
			floor: floorSummary,
			ours: oursSummary,
			cpuVsHttpFloor: ratio(oursSummary.cpuUsPerReq, http.cpuUsPerReq),
			cpuVsSameWorkFloor: ratio(oursSummary.cpuUsPerReq, floorSummary.cpuUsPerReq),
			reqPerSecVsSameWorkFloor: ratio(oursSummary.reqPerSec, floorSummary.reqPerSec),
		};
	} finally {
		// Give the later benches every core again.
		pin(process.pid, `0-${os.cpus().length - 1}`);
		await Promise.all([ours.stop(), ...children.map(stopChild)]);
		await Promise.all([oursDir, floorDir, scriptDir].map((dir) => rm(dir, { recursive: true, force: true })));
	}
}
