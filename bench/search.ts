import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import type { ILivechatContact } from '@rocket.chat/core-typings';
import { ObjectId } from 'mongodb';
import { connectDatabase } from '@omni/database';
import { createModels, ensureIndexes } from '@omni/models';
import type { IDatabase, Models } from '@omni/model-typings';

import { login, startServer, TEST_ADMIN, type Credentials } from '../apps/meteor/tests/data/api-data';

/*
 * contacts.search at scale (issue #4 item 7). Loads N deterministic contacts
 * into a fresh embedded data directory, starts the real server on it and
 * measures, over HTTP, searches by a 4+ character substring of a name, an
 * email and a phone, plus contacts.get by id. Then it answers the same
 * searches with the same model query on an in-memory store that has no
 * substring indexes (a full scan, in process, so without HTTP overhead):
 * the gap is what the trigram indexes buy.
 *
 * Run alone: npx tsx bench/search.ts --contacts 1000000
 */

export interface SearchBenchOptions {
	/** Contacts to load (default 1,000,000). */
	contacts?: number;
	/** Timed searches per kind over HTTP (default 300). */
	samples?: number;
	/** Searches per kind answered by the naive scan (default 3; each one reads every contact). */
	scanSamples?: number;
	log?: (line: string) => void;
}

const FIRST_NAMES = [
	'Maria', 'José', 'Ana', 'João', 'Francisca', 'Antônio', 'Adriana', 'Carlos', 'Juliana', 'Paulo', 'Márcia', 'Pedro', 'Fernanda', 'Lucas',
	'Patrícia', 'Luiz', 'Aline', 'Marcos', 'Sandra', 'Luis', 'Camila', 'Gabriel', 'Amanda', 'Rafael', 'Bruna', 'Daniel', 'Jéssica', 'Marcelo',
	'Letícia', 'Bruno', 'Júlia', 'Eduardo', 'Luciana', 'Felipe', 'Vanessa', 'Raimundo', 'Mariana', 'Rodrigo', 'Gabriela', 'Manoel', 'James',
	'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Barbara', 'Richard', 'Susan',
	'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen', 'Christopher', 'Lisa', 'Daniela', 'Nancy', 'Matthew', 'Betty', 'Anthony',
	'Margaret', 'Mark', 'Sandra', 'Hiroshi', 'Yuki', 'Wei', 'Mei', 'Arjun', 'Priya', 'Olga', 'Ivan', 'Fatima', 'Omar', 'Sofía', 'Mateo',
	'Lucía', 'Hugo', 'Chloé', 'Louis', 'Emma', 'Noah', 'Lena', 'Finn', 'Giulia', 'Leonardo', 'Zofia', 'Jakub', 'Aylin', 'Emre', 'Nia', 'Kwame',
];
const LAST_NAMES = [
	'Silva', 'Santos', 'Oliveira', 'Souza', 'Rodrigues', 'Ferreira', 'Alves', 'Pereira', 'Lima', 'Gomes', 'Costa', 'Ribeiro', 'Martins',
	'Carvalho', 'Almeida', 'Lopes', 'Soares', 'Fernandes', 'Vieira', 'Barbosa', 'Rocha', 'Dias', 'Nascimento', 'Andrade', 'Moreira', 'Nunes',
	'Marques', 'Machado', 'Mendes', 'Freitas', 'Cardoso', 'Ramos', 'Gonçalves', 'Santana', 'Teixeira', 'Smith', 'Johnson', 'Williams',
	'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Taylor',
	'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King',
	'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell',
	'Tanaka', 'Suzuki', 'Wang', 'Zhang', 'Sharma', 'Patel', 'Ivanova', 'Petrov', 'Haddad', 'Khan', 'Müller', 'Schmidt', 'Rossi', 'Bianchi',
	'Kowalski', 'Nowak', 'Yılmaz', 'Demir', 'Mensah', 'Okafor', 'Dubois', 'Moreau', 'Fischer', 'Weber', 'Jansen', 'de Vries', 'Novak',
];
const DOMAINS = ['gmail.com', 'outlook.com', 'yahoo.com', 'hotmail.com', 'icloud.com', 'example.com', 'empresa.com.br', 'uol.com.br', 'proton.me'];

/** Park–Miller: the same contacts on every run. */
function seededRandom(seed: number): (n: number) => number {
	let state = seed;
	return (n: number) => {
		state = (state * 48271) % 2147483647;
		return state % n;
	};
}

function asciiFold(text: string): string {
	return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ı/g, 'i').replace(/\s/g, '').toLowerCase();
}

/** A plausible contact: one or two last names, an email or two derived from the name, usually a phone. */
function generateContact(i: number, random: (n: number) => number, createdAt: Date): ILivechatContact {
	const first = FIRST_NAMES[random(FIRST_NAMES.length)];
	const last = LAST_NAMES[random(LAST_NAMES.length)];
	const middle = random(3) === 0 ? `${LAST_NAMES[random(LAST_NAMES.length)]} ` : '';
	const name = `${first} ${middle}${last}`;
	const local = `${asciiFold(first)}${['.', '_', ''][random(3)]}${asciiFold(last)}${i}`;
	const emails = [{ address: `${local}@${DOMAINS[random(DOMAINS.length)]}` }];
	if (random(10) === 0) emails.push({ address: `${asciiFold(first)}${i}@${DOMAINS[random(DOMAINS.length)]}` });
	const number = String(10_000_000 + ((i * 7_919 + random(10_000)) % 90_000_000));
	const phones =
		random(5) === 0
			? []
			: [{ phoneNumber: random(2) ? `+55 ${11 + random(80)} 9${number.slice(0, 4)}-${number.slice(4)}` : `+1 (${200 + random(800)}) ${number.slice(1, 4)}-${number.slice(4)}` }];
	return {
		_id: new ObjectId().toHexString(),
		_updatedAt: createdAt,
		createdAt,
		name,
		emails,
		...(phones.length && { phones }),
		channels: [],
		customFields: {},
		unknown: random(20) === 0,
		preRegistration: true,
	} as ILivechatContact;
}

export function generateContacts(count: number): ILivechatContact[] {
	const random = seededRandom(20240601);
	const createdAt = new Date('2024-06-01T00:00:00Z');
	return Array.from({ length: count }, (_, i) => generateContact(i, random, createdAt));
}

type TypedKind = 'name' | 'email' | 'phone';
export type SearchKind = TypedKind | 'broad_name' | 'broad_email' | 'broad_phone';
export const KINDS: SearchKind[] = ['name', 'email', 'phone', 'broad_name', 'broad_email', 'broad_phone'];

/** Every substring of 3–9 characters of `text`. */
function substrings(text: string): string[] {
	const out: string[] = [];
	for (let length = 3; length <= 9; length++) {
		for (let start = 0; start + length <= text.length; start++) out.push(text.slice(start, start + length));
	}
	return out;
}

/**
 * Broad searches, the ones that match a large share of all contacts and
 * used to blow the p99: pieces of the email domains (`.com`, `mail.co`,
 * `gmail`, `com.br`), 3-digit phone fragments and phone prefixes, and the
 * first letters of common name parts.
 */
const BROAD_POOLS: Record<'broad_name' | 'broad_email' | 'broad_phone', string[]> = {
	broad_email: [...new Set(DOMAINS.flatMap((domain) => substrings(`@${domain}`)).filter((text) => text.trim().length >= 3))],
	broad_phone: [...Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0')), '+55 ', '+55 1', '+1 (', ') 9', ' 99'],
	broad_name: [...new Set([...FIRST_NAMES, ...LAST_NAMES].flatMap((part) => [part.slice(0, 3), part.slice(0, 4), part.slice(-3)]).map((text) => text.toLowerCase()))].filter((text) => text.trim().length >= 3),
};

/** Search texts of one kind: broad ones from their pool, typed ones as a user would type them. */
export function searchTexts(contacts: ILivechatContact[], kind: SearchKind, samples: number): string[] {
	if (kind in BROAD_POOLS) {
		const pool = BROAD_POOLS[kind as keyof typeof BROAD_POOLS];
		const random = seededRandom(kind.length * 31_337 + 7);
		return Array.from({ length: samples }, () => pool[random(pool.length)]);
	}
	return typedTexts(contacts, kind as TypedKind, samples);
}

/** A 4–8 character substring of a random contact's name, email or phone, as a user would type it. */
function typedTexts(contacts: ILivechatContact[], kind: TypedKind, samples: number): string[] {
	const random = seededRandom(kind.length * 7_777 + 1);
	const texts: string[] = [];
	while (texts.length < samples) {
		const contact = contacts[random(contacts.length)];
		const source = kind === 'name' ? contact.name : kind === 'email' ? contact.emails?.[0]?.address : contact.phones?.[0]?.phoneNumber;
		if (!source || source.length < 4) continue;
		const length = Math.min(source.length, 4 + random(5));
		const start = random(source.length - length + 1);
		const text = source.slice(start, start + length);
		if (text.trim().length >= 4) texts.push(kind === 'name' && random(2) ? text.toLowerCase() : text);
	}
	return texts;
}

async function loadDataDir(dataDir: string, contacts: ILivechatContact[]): Promise<void> {
	const db = await connectDatabase({ dataDir, durable: false });
	try {
		const models = createModels(db);
		await ensureIndexes(models);
		await insertInBatches(db, models, contacts);
	} finally {
		await db.close();
	}
}

async function insertInBatches(db: IDatabase, models: Models, contacts: ILivechatContact[]): Promise<void> {
	const collection = db.collection<ILivechatContact>(models.LivechatContacts.collectionName);
	for (let i = 0; i < contacts.length; i += 10_000) {
		await collection.insertMany(contacts.slice(i, i + 10_000));
	}
}

function percentile(sortedMs: number[], p: number): number {
	return sortedMs[Math.min(sortedMs.length - 1, Math.floor((p / 100) * sortedMs.length))];
}

function summarize(timings: number[]): { p50: number; p99: number; max: number } {
	const sorted = [...timings].sort((a, b) => a - b);
	const round = (ms: number) => Math.round(ms * 100) / 100;
	return { p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)), max: round(sorted[sorted.length - 1]) };
}

/** A keep-alive GET client: as little client overhead as possible in the measured time. */
function createClient(baseUrl: string, headers: Credentials) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
	const { hostname, port } = new URL(baseUrl);
	return {
		get(pathAndQuery: string): Promise<{ status: number; body: any }> {
			return new Promise((resolve, reject) => {
				const req = http.get({ hostname, port, path: pathAndQuery, agent, headers }, (res) => {
					const chunks: Buffer[] = [];
					res.on('data', (chunk: Buffer) => chunks.push(chunk));
					res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) }));
				});
				req.on('error', reject);
			});
		},
		close: () => agent.destroy(),
	};
}

type Client = ReturnType<typeof createClient>;

async function timeRequests(client: Client, paths: string[]): Promise<{ timings: number[]; totals: number[] }> {
	const timings: number[] = [];
	const totals: number[] = [];
	for (const pathAndQuery of paths) {
		const started = performance.now();
		const res = await client.get(pathAndQuery);
		timings.push(performance.now() - started);
		if (res.status !== 200) throw new Error(`${pathAndQuery} → ${res.status} ${JSON.stringify(res.body)}`);
		totals.push(res.body.total ?? 1);
	}
	return { timings, totals };
}

const searchPath = (text: string) => `/api/v1/omnichannel/contacts.search?searchText=${encodeURIComponent(text)}`;

/** Heap in use after a full garbage collection (the flag is switched on here; the bench runs without --expose-gc). */
function settledHeapBytes(): number {
	setFlagsFromString('--expose-gc');
	(runInNewContext('gc') as () => void)();
	return process.memoryUsage().heapUsed;
}

interface NaiveScan {
	stats: Record<SearchKind, ReturnType<typeof summarize>>;
	/** The exact total of each text, counted by reading every contact. */
	totals: Map<string, number>;
	/** Heap the substring indexes, the name sort order and kept results add to the store. */
	indexBytes: number;
}

/**
 * The same model query on a store without substring indexes: every search
 * reads every contact, which also gives the exact totals. Then the
 * contacts model's indexes are created on the same store and broad searches
 * run once, so the heap difference is what the search indexes cost.
 */
async function measureNaiveScan(contacts: ILivechatContact[], textsByKind: Record<SearchKind, string[]>): Promise<NaiveScan> {
	const db = await connectDatabase({});
	try {
		const models = createModels(db);
		await insertInBatches(db, models, contacts);
		const stats = {} as Record<SearchKind, ReturnType<typeof summarize>>;
		const totals = new Map<string, number>();
		const search = async (searchText: string) => {
			const { cursor, totalCount } = models.LivechatContacts.findPaginatedContacts({ searchText, unknown: false }, { offset: 0, count: 50, sort: { name: 1 } });
			const [, total] = await Promise.all([cursor.toArray(), totalCount]);
			return total;
		};
		for (const [kind, texts] of Object.entries(textsByKind) as [SearchKind, string[]][]) {
			const timings: number[] = [];
			for (const searchText of texts) {
				const started = performance.now();
				totals.set(searchText, await search(searchText));
				timings.push(performance.now() - started);
			}
			stats[kind] = summarize(timings);
		}
		const before = settledHeapBytes();
		await models.LivechatContacts.createIndexes();
		for (const texts of Object.values(textsByKind)) await search(texts[0]);
		const indexBytes = settledHeapBytes() - before;
		return { stats, totals, indexBytes };
	} finally {
		await db.close();
	}
}

/**
 * The server listens before the store has rebuilt its non-unique indexes in
 * the background; until then searches are answered by a scan. A selective
 * search that answers in a few ms tells that the substring indexes are in use.
 */
async function waitForIndexedSearch(client: Client, selectiveText: string): Promise<number> {
	const started = performance.now();
	let fastInARow = 0;
	while (fastInARow < 3) {
		const { timings } = await timeRequests(client, [searchPath(selectiveText)]);
		fastInARow = timings[0] < 20 ? fastInARow + 1 : 0;
		if (performance.now() - started > 20 * 60_000) throw new Error('search never got fast: are the substring indexes built?');
		if (fastInARow === 0) await new Promise((resolve) => setTimeout(resolve, 500));
	}
	return (performance.now() - started) / 1000;
}

function median(values: number[]): number {
	return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

export async function runSearchBench(opts: SearchBenchOptions = {}): Promise<Record<string, unknown>> {
	const contactsCount = opts.contacts ?? 1_000_000;
	const samples = opts.samples ?? 300;
	const scanSamples = opts.scanSamples ?? 3;
	const log = opts.log ?? ((line: string) => console.log(line));
	const dataDir = await mkdtemp(path.join(os.tmpdir(), 'omni-search-bench-'));

	try {
		let started = performance.now();
		const contacts = generateContacts(contactsCount);
		await loadDataDir(dataDir, contacts);
		const loadSeconds = (performance.now() - started) / 1000;
		log(`loaded ${contactsCount} contacts into ${dataDir} in ${loadSeconds.toFixed(1)} s`);

		const textsByKind = Object.fromEntries(KINDS.map((kind) => [kind, searchTexts(contacts, kind, samples)])) as Record<SearchKind, string[]>;
		const ids = Array.from({ length: samples }, (_, i) => contacts[(i * 7_919) % contacts.length]._id);

		started = performance.now();
		const server = await startServer({ DATA_DIR: dataDir, TEST_MODE: 'true', LOG_LEVEL: 'warn' }, { startupTimeoutMs: 20 * 60_000 });
		const startupSeconds = (performance.now() - started) / 1000;
		let indexesReadySeconds = startupSeconds;
		const http: Record<string, any> = {};
		const totalsSeen = new Map<string, number>();
		let serverRssMiB = 0;
		try {
			const client = createClient(server.url, await login(TEST_ADMIN, TEST_ADMIN, server));
			try {
				indexesReadySeconds = startupSeconds + (await waitForIndexedSearch(client, contacts[0].emails?.[0]?.address ?? contacts[0].name));
				log(`server listening after ${startupSeconds.toFixed(1)} s, search served by the substring indexes after ${indexesReadySeconds.toFixed(1)} s`);
				await timeRequests(client, textsByKind.name.slice(0, 20).map(searchPath));
				for (const kind of KINDS) {
					const { timings, totals } = await timeRequests(client, textsByKind[kind].map(searchPath));
					textsByKind[kind].forEach((text, i) => totalsSeen.set(text, totals[i]));
					http[`search_${kind}_ms`] = { ...summarize(timings), medianTotal: median(totals) };
					log(`search by ${kind}: ${JSON.stringify(http[`search_${kind}_ms`])}`);
				}
				const { timings } = await timeRequests(client, ids.map((id) => `/api/v1/omnichannel/contacts.get?contactId=${id}`));
				http.get_by_id_ms = summarize(timings);
				log(`get by id: ${JSON.stringify(http.get_by_id_ms)}`);
				serverRssMiB = rssMiBOf(server.process.pid);
			} finally {
				client.close();
			}
		} finally {
			await server.stop();
		}
		const scanTexts = Object.fromEntries(KINDS.map((kind) => [kind, textsByKind[kind].slice(0, scanSamples)])) as Record<SearchKind, string[]>;
		const naive = await measureNaiveScan(contacts, scanTexts);
		const totalChecks = [...naive.totals].map(([text, total]) => ({ text, expected: total, answered: totalsSeen.get(text) }));

		const measured = {
			contacts: contactsCount,
			samplesPerKind: samples,
			loadSeconds,
			serverStartupSeconds: startupSeconds,
			indexesReadySeconds,
			serverRssMiB,
			searchIndexMiB: Math.round(naive.indexBytes / 2 ** 20),
			http,
			naiveScanInProcess_ms: naive.stats,
			exactTotals: { checked: totalChecks.length, wrong: totalChecks.filter((check) => check.answered !== check.expected) },
		};
		const figures = { ...measured, targets: searchTargets(measured) };
		printTable(figures, log);
		return figures;
	} finally {
		await rm(dataDir, { recursive: true, force: true });
	}
}

function rssMiBOf(pid: number | undefined): number {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
	} catch {
		return 0;
	}
}

export interface SearchTarget {
	measure: string;
	value: string;
	target: string;
	pass: boolean;
}

/** Issue 13's search targets: per query kind p50 < 10 ms and p99 < 50 ms, and exact totals. */
export function searchTargets(figures: { contacts: number; http: Record<string, any>; exactTotals: { checked: number; wrong: unknown[] } }): SearchTarget[] {
	const targets: SearchTarget[] = [];
	for (const kind of KINDS) {
		const stats = figures.http[`search_${kind}_ms`];
		targets.push({ measure: `contacts.search ${kind} p50 (ms), ${figures.contacts} contacts`, value: String(stats.p50), target: '< 10', pass: stats.p50 < 10 });
		targets.push({ measure: `contacts.search ${kind} p99 (ms), ${figures.contacts} contacts`, value: String(stats.p99), target: '< 50', pass: stats.p99 < 50 });
	}
	const { checked, wrong } = figures.exactTotals;
	targets.push({ measure: 'contacts.search totals equal a full scan', value: `${checked - wrong.length}/${checked}`, target: 'all', pass: wrong.length === 0 });
	return targets;
}

function printTable(
	figures: {
		contacts: number;
		serverStartupSeconds: number;
		indexesReadySeconds: number;
		serverRssMiB: number;
		searchIndexMiB: number;
		http: Record<string, any>;
		naiveScanInProcess_ms: Record<string, any>;
		targets?: SearchTarget[];
	},
	log: (line: string) => void,
): void {
	const row = (label: string, stats: { p50: number; p99: number } | undefined, extra = '') =>
		log(`${label.padEnd(44)} ${String(stats?.p50 ?? '-').padStart(9)} ${String(stats?.p99 ?? '-').padStart(9)}  ${extra}`);
	log(
		`\ncontacts.search / contacts.get with ${figures.contacts.toLocaleString('en')} contacts (server listening after ${figures.serverStartupSeconds.toFixed(1)} s, substring indexes in use after ${figures.indexesReadySeconds.toFixed(1)} s; server RSS ${figures.serverRssMiB} MiB, search indexes ${figures.searchIndexMiB} MiB of heap)`,
	);
	log(`${'measure'.padEnd(44)} ${'p50 ms'.padStart(9)} ${'p99 ms'.padStart(9)}  note`);
	for (const kind of KINDS) {
		const stats = figures.http[`search_${kind}_ms`];
		row(`search ${kind} (HTTP)`, stats, `median total ${stats.medianTotal}`);
	}
	row('get by id (HTTP)', figures.http.get_by_id_ms, 'target p50 < 2');
	for (const kind of KINDS) {
		row(`search ${kind} (naive scan, in process)`, figures.naiveScanInProcess_ms[kind], 'same model query, no substring index, no HTTP');
	}
	log('');
	for (const target of figures.targets ?? []) log(`${target.pass ? 'PASS' : 'FAIL'}  ${target.measure.padEnd(52)} ${target.value.padStart(9)}  target ${target.target}`);
}

function parseArgs(argv: string[]): SearchBenchOptions {
	const options: SearchBenchOptions = {};
	for (let i = 0; i < argv.length; i++) {
		const value = Number(argv[i + 1]);
		if (argv[i] === '--contacts') options.contacts = value;
		if (argv[i] === '--samples') options.samples = value;
		if (argv[i] === '--scan-samples') options.scanSamples = value;
	}
	return options;
}

if (require.main === module) {
	runSearchBench(parseArgs(process.argv.slice(2))).catch((error) => {
		console.error(error);
		process.exitCode = 1;
	});
}
