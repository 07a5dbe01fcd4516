import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import autocannon from 'autocannon';
import type { ILivechatContact } from '@rocket.chat/core-typings';
import { connectDatabase } from '@omni/database';
import { createModels, ensureIndexes } from '@omni/models';

import { startMatchKeysBackfill } from '../apps/meteor/app/livechat/server/lib/contacts/matchKeysBackfill';
import { login, startServer, TEST_ADMIN, type Credentials } from '../apps/meteor/tests/data/api-data';
import { generateContacts } from './search';

/*
 * Issue 11's targets (contact data quality), measured side by side in one run:
 * - upsert by email vs create at C connections (alternating rounds, one server);
 * - contacts.duplicates first page p50 at N contacts, one in ten sharing an
 *   email with its neighbour in another case;
 * - the normalized-key backfill of N contacts stored without keys (in process).
 */

export interface ContactQualityBenchOptions {
	contacts: number;
	seconds: number;
	rounds: number;
	connections: number;
	samples: number;
	log?: (line: string) => void;
}

/** Every tenth contact takes its neighbour's email, written differently: the same normalized key. */
function withDuplicates(contacts: ILivechatContact[]): ILivechatContact[] {
	for (let i = 10; i < contacts.length; i += 10) {
		const shared = contacts[i - 1].emails?.[0]?.address ?? '';
		contacts[i] = { ...contacts[i], emails: [{ address: shared.toUpperCase() }] };
	}
	return contacts;
}

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };

/** Stores the contacts without keys, then times the startup backfill computing them; the directory is then ready for a server. */
async function loadAndBackfill(dataDir: string, contacts: ILivechatContact[]): Promise<number> {
	const db = await connectDatabase({ dataDir, durable: false });
	try {
		const models = createModels(db);
		await ensureIndexes(models);
		const collection = db.collection<ILivechatContact>(models.LivechatContacts.collectionName);
		for (let i = 0; i < contacts.length; i += 10_000) await collection.insertMany(contacts.slice(i, i + 10_000));
		const started = performance.now();
		// The region setting is empty and never changes here.
		const settings = { get: () => '', onChange: () => () => undefined };
		const backfill = startMatchKeysBackfill({ models, settings: settings as never, logger: silent as never }, { progressEveryMs: 60_000 });
		await backfill.idle();
		const seconds = (performance.now() - started) / 1000;
		await backfill.stop();
		return seconds;
	} finally {
		await db.close();
	}
}

function getJson(url: string, headers: Credentials): Promise<{ status: number; body: any; ms: number }> {
	const started = performance.now();
	return new Promise((resolve, reject) => {
		http
			.get(url, { headers }, (res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()), ms: performance.now() - started }));
			})
			.on('error', reject);
	});
}

function p50(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return Math.round(sorted[Math.floor(sorted.length / 2)] * 100) / 100;
}

/** Requests/s of POSTs with a fresh email each (so an upsert creates, through its claim and transaction). */
async function postRate(url: string, auth: Credentials, route: string, seconds: number, connections: number, tag: string): Promise<{ reqPerSec: number; p50Ms: number; non2xx: number }> {
	let n = 0;
	const result = await autocannon({
		url: `${url}/api/v1/${route}`,
		method: 'POST',
		headers: { ...auth, 'Content-Type': 'application/json' },
		connections,
		duration: seconds,
		requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify({ name: `Bench ${tag} ${n}`, emails: [`Bench.${tag}.${n++}@Example.com`], phones: [] }) }) }],
	});
	return { reqPerSec: Math.round(result.requests.total / seconds), p50Ms: result.latency.p50, non2xx: result.non2xx };
}

export async function runContactQualityBench(opts: ContactQualityBenchOptions): Promise<Record<string, any>> {
	const log = opts.log ?? ((line: string) => console.log(line));
	const figures: Record<string, any> = { contacts: opts.contacts, connections: opts.connections };

	// Upsert vs create: one fresh durable server, alternating rounds.
	const writes = await startServer({ LOG_LEVEL: 'warn' });
	try {
		const auth = await login(TEST_ADMIN, TEST_ADMIN, writes);
		const create: number[] = [];
		const upsert: number[] = [];
		for (let round = 0; round < opts.rounds; round++) {
			const c = await postRate(writes.url, auth, 'omnichannel/contacts', opts.seconds, opts.connections, `c${round}`);
			const u = await postRate(writes.url, auth, 'omnichannel/contacts.upsert', opts.seconds, opts.connections, `u${round}`);
			if (c.non2xx || u.non2xx) throw new Error(`non-2xx answers: create ${c.non2xx}, upsert ${u.non2xx}`);
			create.push(c.reqPerSec);
			upsert.push(u.reqPerSec);
			log(`round ${round + 1}: create ${c.reqPerSec} req/s (p50 ${c.p50Ms} ms), upsert by email ${u.reqPerSec} req/s (p50 ${u.p50Ms} ms)`);
		}
		const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
		figures.createReqPerSec = Math.round(sum(create) / create.length);
		figures.upsertReqPerSec = Math.round(sum(upsert) / upsert.length);
		figures.upsertVsCreate = sum(upsert) / sum(create);
	} finally {
		await writes.stop();
	}

	// Backfill and duplicates at N contacts.
	const dataDir = await mkdtemp(path.join(os.tmpdir(), 'omni-quality-bench-'));
	try {
		figures.backfillSeconds = await loadAndBackfill(dataDir, withDuplicates(generateContacts(opts.contacts)));
		figures.backfillPer1MSeconds = (figures.backfillSeconds * 1_000_000) / opts.contacts;
		log(`backfill of ${opts.contacts} contacts: ${figures.backfillSeconds.toFixed(1)} s (linear extrapolation to 1M: ${figures.backfillPer1MSeconds.toFixed(0)} s)`);
		const server = await startServer({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, { startupTimeoutMs: 20 * 60_000 });
		try {
			const auth = await login(TEST_ADMIN, TEST_ADMIN, server);
			const firstPage = `${server.url}/api/v1/omnichannel/contacts.duplicates?count=25`;
			// Until the key indexes are built after the start, the report comes from the aggregation: wait for the index path.
			const waitStarted = performance.now();
			let first = await getJson(firstPage, auth);
			const fallbackMs = first.ms;
			while (first.ms > 20 && performance.now() - waitStarted < 10 * 60_000) first = await getJson(firstPage, auth);
			figures.duplicatesTotal = first.body.total;
			figures.duplicatesFirstRequestMs = Math.round(fallbackMs);
			const timings: number[] = [];
			const deep: number[] = [];
			for (let i = 0; i < opts.samples; i++) {
				const res = await getJson(firstPage, auth);
				if (res.status !== 200) throw new Error(`duplicates → ${res.status} ${JSON.stringify(res.body)}`);
				timings.push(res.ms);
				deep.push((await getJson(`${firstPage}&offset=${Math.floor(first.body.total / 2)}`, auth)).ms);
			}
			figures.duplicatesFirstPageP50Ms = p50(timings);
			figures.duplicatesMiddlePageP50Ms = p50(deep);
			log(`contacts.duplicates at ${opts.contacts} contacts (${figures.duplicatesTotal} groups): first page p50 ${figures.duplicatesFirstPageP50Ms} ms, middle page p50 ${figures.duplicatesMiddlePageP50Ms} ms, first request after start ${figures.duplicatesFirstRequestMs} ms`);
		} finally {
			await server.stop();
		}
	} finally {
		await rm(dataDir, { recursive: true, force: true });
	}
	return figures;
}
