import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { runEndpointBench } from './endpoint';
import { runLookupBench } from './lookups';
import { type LivechatStepFigures, runLivechatBench } from './livechat';
import { runSearchBench, type SearchTarget } from './search';
import { runStoreBench } from './store';

/*
 * `npm run bench`: the whole performance picture in one run — the endpoint
 * against its floor (bench/endpoint.ts), the store (bench/store.ts), its hot
 * lookups (bench/lookups.ts) and the
 * search at scale (bench/search.ts) — printed as one summary table and written
 * to bench/results/latest.json.
 *
 *   npm run bench                      full run (1,000,000 contacts for store and search)
 *   npm run bench -- --quick           smoke run (small sizes, short rounds)
 *   npm run bench -- --contacts N --seconds S --rounds R --connections C --only endpoint,livechat,store,lookups,search
 */

interface Args {
	quick: boolean;
	contacts: number;
	seconds: number;
	rounds: number;
	connections: number;
	only: Set<string>;
	logLevel: string;
}

function parseArgs(argv: string[]): Args {
	const value = (name: string): string | undefined => {
		const index = argv.indexOf(name);
		return index === -1 ? undefined : argv[index + 1];
	};
	const quick = argv.includes('--quick');
	return {
		quick,
		contacts: Number(value('--contacts') ?? process.env.BENCH_CONTACTS ?? (quick ? 20_000 : 1_000_000)),
		seconds: Number(value('--seconds') ?? (quick ? 3 : 10)),
		rounds: Number(value('--rounds') ?? (quick ? 2 : 3)),
		connections: Number(value('--connections') ?? 50),
		only: new Set((value('--only') ?? 'endpoint,livechat,store,lookups,search').split(',')),
		logLevel: value('--log-level') ?? 'warn',
	};
}

type Figures = Record<string, any>;

function summaryRows(results: Figures): [string, string, string][] {
	const rows: [string, string, string][] = [];
	const e = results.endpoint;
	if (e) {
		rows.push(
			['endpoint floor: req/s', String(e.floor.reqPerSec), `p50 ${e.floor.p50Ms} ms, p99 ${e.floor.p99Ms} ms, ${e.floor.cpuUsPerReq} µs CPU/req`],
			['endpoint ours: req/s', String(e.ours.reqPerSec), `p50 ${e.ours.p50Ms} ms, p99 ${e.ours.p99Ms} ms, ${e.ours.cpuUsPerReq} µs CPU/req`],
			['ours / floor req/s', e.reqPerSecRatio.toFixed(2), 'target ≥ 0.85'],
			['ours / floor CPU per request', e.cpuPerReqRatio.toFixed(2), 'target ≤ 1.2'],
			[`ours p99 at ${e.connections} connections (ms)`, String(e.ours.p99Ms), 'target < 25'],
		);
	}
	const l = results.livechat;
	if (l) {
		rows.push([`livechat flows/s, ${l.visitors} visitors`, String(l.flowsPerSec), `${l.flows} flows, ${l.failures} failed${l.failures ? ' FAIL' : ''}`]);
		for (const [step, stats] of Object.entries(l.steps as Record<string, LivechatStepFigures>)) {
			rows.push([`livechat ${step} p50/p99 (ms)`, `${stats.p50Ms}/${stats.p99Ms}`, `${stats.pass ? 'PASS' : 'FAIL'} target p99 ≤ ${l.targets.stepP99Ms}`]);
		}
	}
	const s = results.store;
	if (s) {
		rows.push(
			['store findOne by _id vs Map', `${s.findOneByIdVsMapPercent}%`, 'target ≥ 25%'],
			['store durable inserts/s, 50 writers', String(s.persistentInserts.durable50), 'target ≥ 10,000'],
			[`store reopen of ${s.contacts.count} contacts (s)`, String(s.contacts.reopenSeconds), `RSS ${s.contacts.rssMiB} MiB; targets < 5 s, < 1024 MiB`],
			[`store clean stop, ${s.contacts.count} contacts (s)`, String(s.contacts.closeSeconds), 'target < 3'],
			['store encoding µs/contact encode/decode', `${s.encodings.typed.encodeUs}/${s.encodings.typed.decodeUs}`, `typed (chosen); EJSON ${s.encodings.ejson.encodeUs}/${s.encodings.ejson.decodeUs}, BSON ${s.encodings.bson.encodeUs}/${s.encodings.bson.decodeUs}`],
			['store emails.address lookup p50/p99 (ms)', `${s.contacts.emailLookupP50Ms}/${s.contacts.emailLookupP99Ms}`, 'target < 1'],
		);
	}
	const k = results.lookups;
	if (k) {
		for (const [kind, micros] of Object.entries(k as Record<string, number>)) rows.push([`lookup: ${kind} (CPU µs)`, String(micros), '']);
	}
	const q = results.search;
	if (q) {
		for (const target of q.targets as SearchTarget[]) rows.push([target.measure, target.value, `${target.pass ? 'PASS' : 'FAIL'} target ${target.target}`]);
		rows.push(['search indexes (MiB of heap) / server RSS (MiB)', `${q.searchIndexMiB}/${q.serverRssMiB}`, `${q.contacts} contacts`]);
		rows.push(['contacts.get p50 (ms)', String(q.http.get_by_id_ms.p50), 'target < 2']);
	}
	return rows;
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	const results: Figures = {
		startedAt: new Date().toISOString(),
		machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, loadAverage: os.loadavg() },
		args: { ...args, only: [...args.only] },
	};
	if (args.only.has('endpoint')) {
		console.log('\n== endpoint: POST /api/v1/omnichannel/contacts, ours vs floor ==');
		results.endpoint = await runEndpointBench({ seconds: args.seconds, rounds: args.rounds, connections: args.connections, logLevel: args.logLevel });
	}
	if (args.only.has('livechat')) {
		console.log(`\n== livechat: visitor → room → 3 messages → take → close, ${args.connections} visitors ==`);
		results.livechat = await runLivechatBench({ seconds: args.seconds, visitors: args.connections });
	}
	if (args.only.has('store')) {
		console.log('\n== store ==');
		results.store = await runStoreBench({ contacts: args.contacts, seconds: args.quick ? 1 : 2 });
	}
	if (args.only.has('lookups')) {
		console.log('\n== hot lookups ==');
		results.lookups = await runLookupBench({ rounds: args.quick ? 2 : 5 });
	}
	if (args.only.has('search')) {
		console.log('\n== search ==');
		results.search = await runSearchBench({ contacts: args.contacts, samples: args.quick ? 50 : 300 });
	}
	results.finishedAt = new Date().toISOString();

	const rows = summaryRows(results);
	const width = Math.max(...rows.map(([label]) => label.length));
	// A shared machine's load skews every figure; the 1-minute load average at the start says how busy it was.
	console.log(`\n== summary (${results.machine.cpus} cpus, node ${results.machine.node}, load average ${results.machine.loadAverage[0].toFixed(1)} at start) ==`);
	for (const [label, value, note] of rows) {
		console.log(`${label.padEnd(width)}  ${value.padStart(10)}  ${note}`);
	}

	const file = path.join(__dirname, 'results', 'latest.json');
	await mkdir(path.dirname(file), { recursive: true });
	await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
	console.log(`\nwritten to ${path.relative(process.cwd(), file)}`);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
