import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { ObjectId } from 'mongodb';
import type { Document } from 'mongodb';
import { isDeepStrictEqual } from 'node:util';

import { createModels } from '@omni/models';
import { deepClone, encodingCandidates, openEmbeddedDatabase } from '@omni/embedded-mongo';

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

const mark = (pass: boolean) => (pass ? 'PASS' : 'FAIL');

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

/**
 * The journal/snapshot encoding candidates (issue #13 item 3): relaxed EJSON
 * (format 1), the typed encoding (format 2) and BSON, each with the CRC-32
 * every record gets. Encode and decode µs per contact, alternating rounds,
 * best of three; plus whether a document with EJSON-looking user data, -0,
 * undefined and BigInt comes back exactly.
 */
export function compareEncodings(count = 50_000): Record<string, { encodeUs: number; decodeUs: number; bytes: number; exact: boolean }> {
	const candidates = encodingCandidates;
	const docs = Array.from({ length: count }, (_, i) => contact(i));
	const hostile = { _id: 'h', extra: { $numberLong: 'not-a-number' }, oid: { $oid: 'zz' }, $date: 'x', at: new Date(1), minusZero: -0, missing: undefined, big: 2n ** 70n };
	const figures: Record<string, { encodeUs: number; decodeUs: number; bytes: number; exact: boolean }> = {};
	for (let roundNo = 0; roundNo < ROUNDS; roundNo++) {
		for (const candidate of candidates) {
			let t0 = performance.now();
			const encoded = docs.map((doc) => {
				const bytes = candidate.encode(doc);
				crc32(bytes);
				return bytes;
			});
			const encodeUs = ((performance.now() - t0) * 1000) / count;
			t0 = performance.now();
			for (const bytes of encoded) {
				crc32(bytes);
				candidate.decode(bytes);
			}
			const decodeUs = ((performance.now() - t0) * 1000) / count;
			let exact: boolean;
			try {
				exact = isDeepStrictEqual(candidate.decode(candidate.encode(hostile)), hostile);
			} catch {
				exact = false;
			}
			const best = figures[candidate.name];
			figures[candidate.name] = {
				encodeUs: round(Math.min(best?.encodeUs ?? Infinity, encodeUs), 2),
				decodeUs: round(Math.min(best?.decodeUs ?? Infinity, decodeUs), 2),
				bytes: Math.round(encoded.reduce((sum, bytes) => sum + bytes.length, 0) / count),
				exact,
			};
		}
	}
	return figures;
}

/** Loads contacts through the store with LivechatContacts' indexes, writes the snapshot (compaction), then closes. */
async function loadContacts(dir: string, count: number): Promise<{ loadSeconds: number; snapshotSeconds: number; closeSeconds: number }> {
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
	await db.compact();
	const compacted = performance.now();
	await db.close();
	return {
		loadSeconds: round((loaded - started) / 1000, 1),
		snapshotSeconds: round((compacted - loaded) / 1000, 1),
		closeSeconds: round((performance.now() - compacted) / 1000, 2),
	};
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
	// A clean stop of the loaded store after a few durable writes (what a server shutdown does).
	for (let k = 0; k < 100; k++) await col.insertOne(contact(count + k));
	const closeStarted = performance.now();
	await db.close();
	const closeSeconds = (performance.now() - closeStarted) / 1000;
	return {
		reopenSeconds: round(reopenSeconds, 2),
		closeSeconds: round(closeSeconds, 2),
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
	const encodings = compareEncodings(opts.contacts && opts.contacts < 50_000 ? opts.contacts : 50_000);
	for (const [name, figures] of Object.entries(encodings)) {
		log(`encoding ${name.padEnd(5)}: encode ${figures.encodeUs} µs, decode ${figures.decodeUs} µs per contact (CRC-32 included), ${figures.bytes} bytes, hostile document round-trips exactly: ${figures.exact ? 'yes' : 'NO'}`);
	}
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
		[`load ${contacts.toLocaleString('en')} contacts (s)`, String(load.loadSeconds), `snapshot (background compaction) ${load.snapshotSeconds}s`],
		['reopen (s)', String(reopen.reopenSeconds), `${mark(reopen.reopenSeconds < 5)} target < 5; all indexes built after ${reopen.indexesBuiltSeconds}s`],
		['RSS after reopen (MiB)', String(reopen.rssMiB), `${mark(reopen.rssMiB < 1024)} target < 1024; heap ${reopen.heapUsedMiB} MiB`],
		['clean stop of the loaded store (s)', String(reopen.closeSeconds), `${mark(reopen.closeSeconds < 3)} target < 3`],
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
		encodings,
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
		: runStoreBench({ contacts, seconds: Number(argument('--seconds') ?? 2) }).then(async (figures) => {
				const file = path.join(__dirname, 'results', 'store.json');
				await mkdir(path.dirname(file), { recursive: true });
				await writeFile(file, `${JSON.stringify(figures, null, 2)}\n`);
				console.log(`written to ${path.relative(process.cwd(), file)}`);
			});
	task.catch((error) => {
		console.error(error);
		process.exitCode = 1;
	});
}
