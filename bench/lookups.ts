import { performance } from 'node:perf_hooks';

import type { ILivechatContact, ILivechatCustomField, IUser } from '@rocket.chat/core-typings';

import { openEmbeddedDatabase } from '@omni/embedded-mongo';
import { createModels, ensureIndexes } from '@omni/models';

/*
 * The store's hot lookups (issue 13 item 2): what one request pays for the
 * reads every authenticated request or contact write does — a user by login
 * token, by _id, an agent by _id and role, the visible custom fields of a
 * scope, a contact by _id (not deleted), users by ids with a projection, a
 * contact's existence by email. Each runs through the real models on an
 * in-memory store with the models' indexes; the figure is CPU microseconds
 * per lookup (best of several rounds, so a noisy neighbour matters less).
 *
 * Run alone: npx tsx bench/lookups.ts [--users N] [--rounds R]
 */

export interface LookupBenchOptions {
	users?: number;
	rounds?: number;
	/** Lookups per round and kind. */
	iterations?: number;
	log?: (line: string) => void;
}

function user(i: number): IUser {
	return {
		_id: `user${i}`,
		username: `user.${i}`,
		name: `User ${i}`,
		type: 'user',
		active: true,
		roles: i % 10 === 0 ? ['user', 'livechat-agent'] : ['user'],
		emails: [{ address: `user${i}@example.com`, verified: true }],
		services: { resume: { loginTokens: [{ when: new Date(), hashedToken: `token-${i}-a` }, { when: new Date(), hashedToken: `token-${i}-b` }] } },
		createdAt: new Date(),
		_updatedAt: new Date(),
	} as unknown as IUser;
}

function customField(i: number): ILivechatCustomField {
	return {
		_id: `field${i}`,
		label: `Field ${i}`,
		scope: i % 2 ? 'visitor' : 'room',
		visibility: i % 5 ? 'visible' : 'hidden',
		type: 'input',
		required: false,
		searchable: true,
		defaultValue: '',
		options: '',
		_updatedAt: new Date(),
	} as unknown as ILivechatCustomField;
}

function contact(i: number): ILivechatContact {
	return {
		_id: `contact${i}`,
		name: `Contact ${i}`,
		emails: [{ address: `contact${i}@example.org` }],
		phones: [{ phoneNumber: `+1555${String(i).padStart(7, '0')}` }],
		unknown: false,
		channels: [],
		createdAt: new Date(),
		_updatedAt: new Date(),
	} as unknown as ILivechatContact;
}

/** CPU microseconds per call of `op`, over `iterations` calls. */
async function cpuMicrosPerOp(iterations: number, op: (i: number) => Promise<unknown>): Promise<number> {
	const started = process.cpuUsage();
	for (let i = 0; i < iterations; i++) await op(i);
	const { user: userMicros, system } = process.cpuUsage(started);
	return (userMicros + system) / iterations;
}

export async function runLookupBench(opts: LookupBenchOptions = {}): Promise<Record<string, number>> {
	const users = opts.users ?? 10_000;
	const rounds = opts.rounds ?? 5;
	const iterations = opts.iterations ?? 20_000;
	const log = opts.log ?? ((line: string) => console.log(line));
	const db = await openEmbeddedDatabase();
	try {
		const models = createModels(db);
		await ensureIndexes(models);
		await db.collection<IUser>(models.Users.collectionName).insertMany(Array.from({ length: users }, (_, i) => user(i)));
		await db.collection<ILivechatCustomField>(models.LivechatCustomField.collectionName).insertMany(Array.from({ length: 20 }, (_, i) => customField(i)));
		await db.collection<ILivechatContact>(models.LivechatContacts.collectionName).insertMany(Array.from({ length: users }, (_, i) => contact(i)));
		const pick = (i: number) => (i * 7_919) % users;
		const kinds: Record<string, (i: number) => Promise<unknown>> = {
			'user by login token': (i) => models.Users.findOneByLoginToken(`token-${pick(i)}-b`),
			'user by _id': (i) => models.Users.findOneById(`user${pick(i)}`),
			'agent by _id and role': (i) => models.Users.findOneAgentById(`user${pick(i) - (pick(i) % 10)}`),
			'visible custom fields of a scope': () => models.LivechatCustomField.findByScope('visitor', {}, false).toArray(),
			'contact by _id, not deleted': (i) => models.LivechatContacts.findOneEnabledById(`contact${pick(i)}`),
			'users by ids, projected': (i) => models.Users.findByIds([`user${pick(i)}`, `user${pick(i + 1)}`], { projection: { _id: 1, name: 1, username: 1 } }).toArray(),
			'contact exists by email': (i) => models.LivechatContacts.existsByIdEmailOrPhone({ email: `contact${pick(i)}@example.org` }),
		};
		const best: Record<string, number> = {};
		for (let round = 0; round < rounds; round++) {
			for (const [kind, op] of Object.entries(kinds)) {
				const micros = await cpuMicrosPerOp(iterations, op);
				best[kind] = Math.min(best[kind] ?? Infinity, micros);
			}
		}
		const figures = Object.fromEntries(Object.entries(best).map(([kind, micros]) => [kind, Math.round(micros * 100) / 100]));
		const width = Math.max(...Object.keys(figures).map((kind) => kind.length));
		log(`hot lookups, CPU µs per call (best of ${rounds} rounds of ${iterations.toLocaleString('en')}; ${users.toLocaleString('en')} users and contacts)`);
		for (const [kind, micros] of Object.entries(figures)) log(`  ${kind.padEnd(width)}  ${micros.toFixed(2).padStart(8)}`);
		return figures;
	} finally {
		await db.close();
	}
}

function argument(name: string): string | undefined {
	const index = process.argv.indexOf(name);
	return index === -1 ? undefined : process.argv[index + 1];
}

if (require.main === module) {
	const started = performance.now();
	runLookupBench({ users: Number(argument('--users') ?? 10_000), rounds: Number(argument('--rounds') ?? 5) })
		.then(() => console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`))
		.catch((error) => {
			console.error(error);
			process.exitCode = 1;
		});
}
