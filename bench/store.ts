import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { ObjectId } from 'mongodb';
import type { Document } from 'mongodb';

import { createModels } from '@omni/models';
import { deepClone, openEmbeddedDatabase } from '@omni/embedded-mongo';

/*
 * The embedded store's own figures (issue #2): insertOne and findOne-by-_id
 * per second against a plain Map in the same run; durable and non-durable
 * inserts with 1 and 50 concurrent writers; and, with N contacts (default
 * 1,000,000) carrying LivechatContacts' real indexes, the RSS and time of a
 * reopen in a fresh process and the latency of a lookup by emails.address.
 *
 * Run alone: npx tsx bench/store.ts [--contacts N] [--seconds S]
 */

export interface StoreBenchOptions {
	/** Contacts loaded for the reopen/lookup figures (default 1,000,000). */
	contacts?: number;
	/** Seconds per throughput measurement (default 2). */
	seconds?: number;
	log?: (line: string) => void;
}

const CONTACTS_COLLECTION = 'rocketchat_livechat_contact';
const LOOKUPS = 5_000;
const ROUNDS = 3;
const WARMUP_LOOKUPS = 1_000;

/** Runs `op` from `concurrency` loops for `seconds`; returns operations per second. */
async function throughput(seconds: number, concurrency: number, op: (i: number) => Promise<unknown>): Promise<number> {
	let done = 0;
	const deadline = performance.now() + seconds * 1000;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (performance.now() < deadline) {
				await op(done++);
			}
		}),
	);
	return Math.round(done / ((performance.now() - started) / 1000));
}

function smallDoc(i: number): Document {
	return { _id: new ObjectId().toHexString(), i, name: `user ${i}`, active: true, createdAt: new Date() };
}

function contact(i: number): Document {
	const now = new Date(1_700_000_000_000 + i * 1000);
	return {
		_id: new ObjectId().toHexString(),
		name: `Contact ${i} ${['Silva', 'Smith', 'Tanaka', 'Okafor'][i % 4]}`,
		emails: [{ address: `contact${i}@example${i % 50}.com` }],
		phones: [{ phoneNumber: `+1555${String(i).padStart(7, '0')}` }],
		unknown: false,
		channels: [],
		createdAt: now,
		_updatedAt: now,
	};
}

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const round = (value: number, digits = 3) => Number(value.toFixed(digits));

async function withTempDir<R>(fn: (dir: string) => Promise<R>): Promise<R> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'store-bench-'));
	try {
		return await fn(dir);
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}

/**
 * The in-memory store against a plain Map holding the same documents.
 * Figures alternate (Map, store, Map, store, ...) and the best of three
 * rounds is kept, so a noisy neighbour on a shared machine skews both alike.
 */
async function mapVersusStore(seconds: number): Promise<{ floor: Record<string, number>; memory: Record<string, number> }> {
	const map = new Map<string, Document>();
	const db = await openEmbeddedDatabase();
	const col = db.collection('bench');
	const ids: string[] = [];
	const best: Record<string, number> = {};
	const keep = (name: string, value: number) => {
		best[name] = Math.max(best[name] ?? 0, value);
	};
	const pick = (i: number) => ids[(i * 7919) % ids.length];
	for (let round = 0; round < ROUNDS; round++) {
		keep('mapSet', await throughput(seconds, 1, async (i) => {
			const doc = smallDoc(i);
			map.set(doc._id, doc);
		}));
		keep('storeInsert', await throughput(seconds, 1, async (i) => {
			const doc = smallDoc(i);
			ids.push(doc._id);
			await col.insertOne(doc);
		}));
		for (const id of ids) if (!map.has(id)) map.set(id, (await col.findOne({ _id: id } as Document)) as Document);
		keep('mapGet', await throughput(seconds, 1, async (i) => map.get(pick(i))));
		keep('mapGetCopy', await throughput(seconds, 1, async (i) => deepClone(map.get(pick(i)))));
		keep('storeFindOne', await throughput(seconds, 1, (i) => col.findOne({ _id: pick(i) } as Document)));
	}
	await db.close();
	return {
		floor: { insertsPerSec: best.mapSet, getsPerSec: best.mapGet, copyGetsPerSec: best.mapGetCopy },
		memory: { insertsPerSec: best.storeInsert, findOneByIdPerSec: best.storeFindOne },
	};
}

async function persistentInserts(seconds: number, durable: boolean, writers: number): Promise<number> {
	return withTempDir(async (dir) => {
		const db = await openEmbeddedDatabase({ dir, durable });
		const col = db.collection('bench');
		const perSec = await throughput(seconds, writers, (i) => col.insertOne(smallDoc(i)));
		await db.close();
		return perSec;
	});
}

/** Loads contacts through the store with LivechatContacts' indexes, then closes (which writes snapshots). */
async function loadContacts(dir: string, count: number): Promise<{ loadSeconds: number; closeSeconds: number }> {
	const started = performance.now();
	const db = await openEmbeddedDatabase({ dir, durable: false, compactAfterBytes: Number.MAX_SAFE_INTEGER });
	await createModels(db).LivechatContacts.createIndexes();
	const col = db.collection(CONTACTS_COLLECTION);
	const batch = 10_000;
	for (let first = 0; first < count; first += batch) {
		const docs = Array.from({ length: Math.min(batch, count - first) }, (_, k) => contact(first + k));
		await col.insertMany(docs);
	}
	const loaded = performance.now();
	await db.close();
	return { loadSeconds: round((loaded - started) / 1000, 1), closeSeconds: round((performance.now() - loaded) / 1000, 1) };
}

/** In a fresh process: reopen time, RSS, and emails.address lookup latency. */
async function measureReopen(dir: string, count: number): Promise<Record<string, number>> {
	const started = performance.now();
	const db = await openEmbeddedDatabase({ dir });
	const reopenSeconds = (performance.now() - started) / 1000;
	await db.whenIndexesBuilt();
	const indexesBuiltSeconds = (performance.now() - started) / 1000;
	(globalThis as { gc?: () => void }).gc?.();
	const { rss, heapUsed } = process.memoryUsage();
	const col = db.collection(CONTACTS_COLLECTION);
	const latencies: number[] = [];
	let found = 0;
	// Warm-up (JIT, first-touch allocations) is not part of the figure.
	for (let k = 0; k < WARMUP_LOOKUPS; k++) {
		const i = (k * 7_919) % count;
		await col.findOne({ 'emails.address': `contact${i}@example${i % 50}.com` } as Document);
	}
	for (let k = 0; k < LOOKUPS; k++) {
		const i = (k * 104_729) % count;
		const t0 = performance.now();
		const doc = await col.findOne({ 'emails.address': `contact${i}@example${i % 50}.com` } as Document);
		latencies.push(performance.now() - t0);
		if (doc) found++;
	}
	latencies.sort((a, b) => a - b);
	await db.close();
	return {
		reopenSeconds: round(reopenSeconds, 2),
		indexesBuiltSeconds: round(indexesBuiltSeconds, 2),
		rssMiB: Math.round(rss / 2 ** 20),
		heapUsedMiB: Math.round(heapUsed / 2 ** 20),
		emailLookupP50Ms: round(percentile(latencies, 50)),
		emailLookupP99Ms: round(percentile(latencies, 99)),
		lookupsFound: found,
	};
}

function reopenInChild(dir: string, count: number): Promise<Record<string, number>> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--expose-gc', '--max-old-space-size=4096', '--import', 'tsx', __filename, '--reopen', dir, '--contacts', String(count)], {
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let output = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
		child.on('exit', (code) => {
			if (code !== 0) return reject(new Error(`reopen child exited with ${code}`));
			resolve(JSON.parse(output.trim().split('\n').at(-1) as string));
		});
	});
}

export async function runStoreBench(opts: StoreBenchOptions = {}): Promise<Record<string, unknown>> {
	const seconds = opts.seconds ?? 2;
	const contacts = opts.contacts ?? 1_000_000;
	const log = opts.log ?? ((line: string) => console.log(line));

	log(`store bench: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}, ${seconds}s per figure (Map/store: best of ${ROUNDS} alternating rounds)`);
	const { floor, memory } = await mapVersusStore(seconds);
	const inserts = {
		durable1: await persistentInserts(seconds, true, 1),
		durable50: await persistentInserts(seconds, true, 50),
		nonDurable1: await persistentInserts(seconds, false, 1),
		nonDurable50: await persistentInserts(seconds, false, 50),
	};
	log(`loading ${contacts.toLocaleString('en')} contacts ...`);
	const { load, reopen } = await withTempDir(async (dir) => {
		const load = await loadContacts(dir, contacts);
		const reopen = await reopenInChild(dir, contacts);
		return { load, reopen };
	});

	const rows: [string, string, string][] = [
		['Map floor: set / s', floor.insertsPerSec.toLocaleString('en'), ''],
		['Map floor: get / s', floor.getsPerSec.toLocaleString('en'), ''],
		['Map floor: get + deep copy / s', floor.copyGetsPerSec.toLocaleString('en'), ''],
		['store (memory): insertOne / s', memory.insertsPerSec.toLocaleString('en'), ''],
		['store (memory): findOne by _id / s', memory.findOneByIdPerSec.toLocaleString('en'), `${Math.round((100 * memory.findOneByIdPerSec) / floor.getsPerSec)}% of Map get (target ≥ 25%)`],
		['durable insertOne / s, 1 writer', inserts.durable1.toLocaleString('en'), ''],
		['durable insertOne / s, 50 writers', inserts.durable50.toLocaleString('en'), 'target ≥ 10,000'],
		['non-durable insertOne / s, 1 writer', inserts.nonDurable1.toLocaleString('en'), ''],
		['non-durable insertOne / s, 50 writers', inserts.nonDurable50.toLocaleString('en'), ''],
		[`load ${contacts.toLocaleString('en')} contacts (s)`, String(load.loadSeconds), `close/snapshot ${load.closeSeconds}s`],
		['reopen (s)', String(reopen.reopenSeconds), `target < 30; all indexes built after ${reopen.indexesBuiltSeconds}s`],
		['RSS after reopen (MiB)', String(reopen.rssMiB), `heap ${reopen.heapUsedMiB} MiB; target < 2048`],
		['emails.address lookup p50 / p99 (ms)', `${reopen.emailLookupP50Ms} / ${reopen.emailLookupP99Ms}`, `target < 1; ${reopen.lookupsFound}/${LOOKUPS} found`],
	];
	const width = Math.max(...rows.map(([label]) => label.length));
	for (const [label, value, note] of rows) log(`${label.padEnd(width)}  ${value.padStart(12)}  ${note}`);

	return {
		machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, totalMemMiB: Math.round(os.totalmem() / 2 ** 20) },
		mapFloor: floor,
		inMemory: memory,
		findOneByIdVsMapPercent: Math.round((100 * memory.findOneByIdPerSec) / floor.getsPerSec),
		persistentInserts: inserts,
		contacts: { count: contacts, ...load, ...reopen },
	};
}

function argument(name: string): string | undefined {
	const index = process.argv.indexOf(name);
	return index === -1 ? undefined : process.argv[index + 1];
}

if (require.main === module) {
	const contacts = Number(argument('--contacts') ?? 1_000_000);
	const reopenDir = argument('--reopen');
	const task = reopenDir
		? measureReopen(reopenDir, contacts).then((figures) => console.log(JSON.stringify(figures)))
		: runStoreBench({ contacts, seconds: Number(argument('--seconds') ?? 2) });
	task.catch((error) => {
		console.error(error);
		process.exitCode = 1;
	});
}
