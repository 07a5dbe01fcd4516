import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { runContactQualityBench } from './contactQuality';
import { runEndpointBench } from './endpoint';
import { runLoginFloodBench } from './loginFlood';
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
 *   npm run bench -- --contacts N --seconds S --rounds R --connections C --only endpoint,livechat,login,store,lookups,search,quality
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
		only: new Set((value('--only') ?? 'endpoint,livechat,login,store,lookups,search,quality').split(',')),
		logLevel: value('--log-level') ?? 'warn',
	};
}

type Figures = Record<string, any>;

/** One line of the summary: a measured value, and for a target its bound and whether it was met. */
export interface BenchRow {
	measure: string;
	value: string;
	/** e.g. `≤ 3.0×`; absent for an informational figure. */
	target?: string;
	pass?: boolean;
	note?: string;
}

const info = (measure: string, value: unknown, note?: string): BenchRow => ({ measure, value: String(value), note });
const target = (measure: string, value: unknown, bound: string, pass: boolean, note?: string): BenchRow => ({ measure, value: String(value), target: bound, pass, note });

function endpointRows(e: Figures): BenchRow[] {
	const server = (name: string, s: Figures) =>
		info(`endpoint ${name}: req/s`, s.reqPerSec, `p50 ${s.p50Ms} ms, p99 ${s.p99Ms} ms, ${s.cpuUsPerReq} µs CPU/req, server CPU ${s.cpuPercent} %, ${s.bytesPerReq} B allocated/req`);
	return [
		info('endpoint load generator', `${e.generator}`, `${e.connections} connections, ${e.rounds} × ${e.seconds} s, pinned: ${e.pinned}`),
		server('HTTP-only floor', e.httpFloor),
		server('same-work floor', e.floor),
		server('ours', e.ours),
		target('#13 ours CPU/request ÷ HTTP-only floor', e.cpuVsHttpFloor.toFixed(2), '≤ 3.00', e.cpuVsHttpFloor <= 3, `${e.ours.cpuUsPerReq} vs ${e.httpFloor.cpuUsPerReq} µs`),
		target('#13 ours req/s ÷ same-work floor', e.reqPerSecVsSameWorkFloor.toFixed(2), '≥ 0.90', e.reqPerSecVsSameWorkFloor >= 0.9),
		target(`#13 ours p99 at ${e.connections} connections (ms)`, e.ours.p99Ms, '< 15', e.ours.p99Ms < 15),
		info('ours CPU/request ÷ same-work floor', e.cpuVsSameWorkFloor.toFixed(2)),
	];
}

function livechatRows(l: Figures): BenchRow[] {
	const rows = [target(`#10 livechat flows/s, ${l.visitors} visitors, none failed`, l.flowsPerSec, '0 failed', l.failures === 0, `${l.flows} flows, ${l.failures} failed`)];
	for (const [step, stats] of Object.entries(l.steps as Record<string, LivechatStepFigures>)) {
		rows.push(target(`#10 livechat ${step} p99 (ms)`, stats.p99Ms, `≤ ${l.targets.stepP99Ms}`, stats.pass, `p50 ${stats.p50Ms} ms`));
	}
	return rows;
}

function loginRows(f: Figures): BenchRow[] {
	return [
		target(`#8 GET me p50 under a ${f.flood.concurrency}-concurrent wrong-password flood (ms)`, f.getMeUnderFlood.p50Ms, '< 20', f.getMeUnderFlood.p50Ms < 20, `quiet p50 ${f.getMeQuiet.p50Ms} ms; p99 ${f.getMeUnderFlood.p99Ms} ms`),
		target('#8 login: unknown user ÷ wrong password (p50 ratio)', f.timing.ratio, '0.5–2.0', f.timing.ratio >= 0.5 && f.timing.ratio <= 2, `${f.timing.unknownUserP50Ms} / ${f.timing.wrongPasswordP50Ms} ms`),
		info('wrong-password logins/s under flood', f.flood.loginsPerSec, `login p50 ${f.flood.loginP50Ms} ms`),
	];
}

function storeRows(s: Figures): BenchRow[] {
	const c = s.contacts;
	return [
		target('store findOne by _id vs a Map (%)', s.findOneByIdVsMapPercent, '≥ 25', s.findOneByIdVsMapPercent >= 25),
		target('store durable inserts/s, 50 writers', s.persistentInserts.durable50, '≥ 10,000', s.persistentInserts.durable50 >= 10_000),
		target(`#13 store reopen of ${c.count} contacts (s)`, c.reopenSeconds, '< 5', c.reopenSeconds < 5),
		target(`#13 store RSS after reopen of ${c.count} contacts (MiB)`, c.rssMiB, '< 1024', c.rssMiB < 1024),
		target(`#13 store clean stop, ${c.count} contacts (s)`, c.closeSeconds, '< 3', c.closeSeconds < 3),
		target('store emails.address lookup p99 (ms)', c.emailLookupP99Ms, '< 1', c.emailLookupP99Ms < 1, `p50 ${c.emailLookupP50Ms} ms`),
		info(
			'store encoding µs/contact encode/decode',
			`${s.encodings.typed.encodeUs}/${s.encodings.typed.decodeUs}`,
			`typed (chosen); EJSON ${s.encodings.ejson.encodeUs}/${s.encodings.ejson.decodeUs}, BSON ${s.encodings.bson.encodeUs}/${s.encodings.bson.decodeUs}`,
		),
	];
}

function qualityRows(q: Figures): BenchRow[] {
	return [
		target(`#11 upsert by email ÷ create req/s, ${q.connections} connections`, q.upsertVsCreate.toFixed(2), '≥ 0.80', q.upsertVsCreate >= 0.8, `${q.upsertReqPerSec} vs ${q.createReqPerSec} req/s`),
		target(`#11 contacts.duplicates first page p50 (ms) at ${q.contacts} contacts`, q.duplicatesFirstPageP50Ms, '< 50 at 1M', q.duplicatesFirstPageP50Ms < 50, `${q.duplicatesTotal} groups; middle page p50 ${q.duplicatesMiddlePageP50Ms} ms; first request after start ${q.duplicatesFirstRequestMs} ms (aggregation while the key indexes build)`),
		target(`#11 normalized backfill (s) of ${q.contacts} contacts, linear to 1M`, q.backfillPer1MSeconds.toFixed(0), '< 60 at 1M', q.backfillPer1MSeconds < 60, `measured ${q.backfillSeconds.toFixed(1)} s`),
	];
}

function searchRows(q: Figures): BenchRow[] {
	// bench/search.ts states issue 13's search targets itself.
	const rows = (q.targets as SearchTarget[]).map((t) => target(`#13 ${t.measure}`, t.value, t.target, t.pass));
	rows.push(info('search indexes (MiB of heap) / server RSS (MiB)', `${q.searchIndexMiB}/${q.serverRssMiB}`, `${q.contacts} contacts`));
	rows.push(target('contacts.get p50 (ms)', q.http.get_by_id_ms.p50, '< 2', q.http.get_by_id_ms.p50 < 2));
	return rows;
}

function summaryRows(results: Figures): BenchRow[] {
	const rows: BenchRow[] = [];
	if (results.endpoint) rows.push(...endpointRows(results.endpoint));
	if (results.livechat) rows.push(...livechatRows(results.livechat));
	if (results.login) rows.push(...loginRows(results.login));
	if (results.store) rows.push(...storeRows(results.store));
	if (results.lookups) {
		for (const [kind, micros] of Object.entries(results.lookups as Record<string, number>)) rows.push(info(`lookup: ${kind} (CPU µs)`, micros));
	}
	if (results.search) rows.push(...searchRows(results.search));
	if (results.quality) rows.push(...qualityRows(results.quality));
	return rows;
}

function printRows(rows: BenchRow[]): void {
	const width = Math.max(...rows.map((row) => row.measure.length));
	const valueWidth = Math.max(10, ...rows.map((row) => row.value.length));
	for (const row of rows) {
		const mark = row.pass === undefined ? '    ' : row.pass ? 'PASS' : 'FAIL';
		const bound = row.target ? `target ${row.target}` : '';
		console.log(`${mark}  ${row.measure.padEnd(width)}  ${row.value.padStart(valueWidth)}  ${[bound, row.note].filter(Boolean).join('; ')}`);
	}
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	const results: Figures = {
		startedAt: new Date().toISOString(),
		machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, loadAverage: os.loadavg() },
		args: { ...args, only: [...args.only] },
	};
	if (args.only.has('endpoint')) {
		console.log('\n== endpoint: POST /api/v1/omnichannel/contacts, ours vs the HTTP-only and same-work floors ==');
		results.endpoint = await runEndpointBench({ seconds: args.seconds, rounds: args.rounds, connections: args.connections, logLevel: args.logLevel });
	}
	if (args.only.has('livechat')) {
		console.log(`\n== livechat: visitor → room → 3 messages → take → close, ${args.connections} visitors ==`);
		results.livechat = await runLivechatBench({ seconds: args.seconds, visitors: args.connections });
	}
	if (args.only.has('login')) {
		console.log('\n== login: GET me under a wrong-password flood, unknown-user timing ==');
		results.login = await runLoginFloodBench({ logins: args.quick ? 60 : 300 });
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
	if (args.only.has('quality')) {
		console.log('\n== contact data quality: upsert vs create, duplicates, key backfill ==');
		results.quality = await runContactQualityBench({
			contacts: args.contacts,
			seconds: args.seconds,
			rounds: args.rounds,
			connections: args.connections,
			samples: args.quick ? 30 : 200,
		});
	}
	results.finishedAt = new Date().toISOString();

	const rows = summaryRows(results);
	results.targets = rows.filter((row) => row.pass !== undefined);
	results.summary = rows;
	console.log(`\n== summary (${results.machine.cpus} cpus, node ${results.machine.node}, load average at start ${results.machine.loadAverage.map((n: number) => n.toFixed(1)).join(' ')}) ==`);
	printRows(rows);
	const failed = results.targets.filter((row: BenchRow) => !row.pass).length;
	console.log(`\n${results.targets.length - failed} of ${results.targets.length} targets met`);

	const file = path.join(__dirname, 'results', 'latest.json');
	await mkdir(path.dirname(file), { recursive: true });
	await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
	console.log(`\nwritten to ${path.relative(process.cwd(), file)}`);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
