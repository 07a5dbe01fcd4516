import { rm } from 'node:fs/promises';

import { expect } from 'chai';
import supertest from 'supertest';

import { api, createUser, login, startServer, TEST_ADMIN, type Credentials, type StartedServer } from '../../data/api-data';
import { expectFailure, invalidParams, NOT_LOGGED_IN, PERMISSION_DENIED } from '../../data/contacts';

/*
 * Beyond Rocket.Chat, item 4: `GET omnichannel/contacts.duplicates`, over
 * real HTTP. Its own server, so every group in the report is this file's.
 */

describe('[Contacts data quality] GET omnichannel/contacts.duplicates', () => {
	let server: StartedServer;
	let client: ReturnType<typeof supertest>;
	let admin: Credentials;

	before(async () => {
		server = await startServer();
		client = supertest(server.url);
		admin = await login(TEST_ADMIN, TEST_ADMIN, server);
	});

	let restartedDataDir: string | undefined;

	after(async () => {
		await server?.stop();
		if (restartedDataDir) await rm(restartedDataDir, { recursive: true, force: true });
	});

	async function create(name: string, emails: string[], phones: string[] = [], extra: Record<string, unknown> = {}): Promise<string> {
		const res = await client.post(api('omnichannel/contacts')).set(admin).send({ name, emails, phones, ...extra });
		expect(res.status, JSON.stringify(res.body)).to.equal(200);
		return res.body.contactId;
	}

	function duplicates(query: Record<string, unknown> = {}, auth: Credentials = admin) {
		return client.get(api('omnichannel/contacts.duplicates')).set(auth).query(query);
	}

	async function report(query: Record<string, unknown> = {}) {
		const res = await duplicates(query);
		expect(res.status, JSON.stringify(res.body)).to.equal(200);
		return res.body;
	}

	it('answers an empty report when no two contacts share a key', async () => {
		await create('Solo', ['solo@example.com'], ['+1 555 000 0000']);
		expect(await report()).to.deep.equal({ groups: [], count: 50, offset: 0, total: 0, success: true });
	});

	it('groups contacts sharing a normalized email or phone, largest groups first, with the shared value and the ids', async () => {
		const jane1 = await create('Jane 1', ['Jane@Example.com'], ['+1 (555) 123-4567']);
		const jane2 = await create('Jane 2', ['jane@example.COM']);
		const jane3 = await create('Jane 3', [' JANE@example.com'], ['+15551234567']);
		const bob1 = await create('Bob 1', ['bob@example.com']);
		const bob2 = await create('Bob 2', ['BOB@example.com']);

		expect(await report()).to.deep.equal({
			groups: [
				{ kind: 'email', value: 'jane@example.com', size: 3, contactIds: [jane1, jane2, jane3] },
				{ kind: 'email', value: 'bob@example.com', size: 2, contactIds: [bob1, bob2] },
				{ kind: 'phone', value: '+15551234567', size: 2, contactIds: [jane1, jane3] },
			],
			count: 50,
			offset: 0,
			total: 3,
			success: true,
		});
	});

	it('pages with offset and count, total counting every group', async () => {
		const all = (await report()).groups;
		const page = await report({ offset: 1, count: 1 });
		expect(page).to.deep.equal({ groups: [all[1]], count: 1, offset: 1, total: 3, success: true });
		expect((await report({ offset: 3 })).groups).to.deep.equal([]);
	});

	it('follows updates and deletes at once', async () => {
		const extra = await create('Bob 3', ['someone.else@example.com']);
		await client.post(api('omnichannel/contacts.update')).set(admin).send({ contactId: extra, emails: ['Bob@Example.com'] }).expect(200);
		const bob = (await report()).groups.find(({ value }: { value: string }) => value === 'bob@example.com');
		expect(bob).to.include({ size: 3 });

		await client.post(api('omnichannel/contacts.delete')).set(admin).send({ contactId: extra }).expect(200);
		expect((await report()).groups.find(({ value }: { value: string }) => value === 'bob@example.com')).to.include({ size: 2 });
	});

	it('lists at most 100 contact ids of a large group, with its full size', async () => {
		const ids = [];
		for (let i = 0; i < 105; i++) {
			ids.push(await create(`Crowd ${i}`, [`Crowd@Example.org`]));
		}
		const [largest] = (await report({ count: 1 })).groups;
		expect(largest).to.deep.equal({ kind: 'email', value: 'crowd@example.org', size: 105, contactIds: ids.slice(0, 100) });
	});

	it('sees every one of 30 concurrent creates of one email, and never fails while they run', async () => {
		const email = 'race@example.net';
		const [creates, reads] = await Promise.all([
			Promise.all(Array.from({ length: 30 }, (_, i) => client.post(api('omnichannel/contacts')).set(admin).send({ name: `Race ${i}`, emails: [email], phones: [] }))),
			Promise.all(Array.from({ length: 10 }, () => duplicates({ count: 100 }))),
		]);
		expect(creates.map(({ status }) => status)).to.deep.equal(Array(30).fill(200));
		expect(reads.map(({ status }) => status)).to.deep.equal(Array(10).fill(200));
		const race = (await report({ count: 100 })).groups.find(({ value }: { value: string }) => value === email);
		expect(race.size).to.equal(30);
		expect([...race.contactIds].sort()).to.deep.equal(creates.map(({ body }) => body.contactId).sort());
	});

	it('answers the same report after a restart (rebuilt from the stored contacts)', async () => {
		const before = await report({ count: 100 });
		await server.kill('SIGTERM');
		// The restarted server runs on the first one's directory (removed in `after`) for the rest of the file.
		restartedDataDir = server.dataDir;
		server = await startServer({ DATA_DIR: restartedDataDir });
		client = supertest(server.url);
		admin = await login(TEST_ADMIN, TEST_ADMIN, server);
		expect(await report({ count: 100 })).to.deep.equal(before);
	});

	describe('attacks', () => {
		it('answers 401 without credentials and with a wrong token', async () => {
			expectFailure(await client.get(api('omnichannel/contacts.duplicates')), 401, NOT_LOGGED_IN);
			expectFailure(await duplicates({}, { 'X-User-Id': admin['X-User-Id'], 'X-Auth-Token': 'forged' }), 401, NOT_LOGGED_IN);
		});

		it('answers 403 to a user without view-livechat-contact', async () => {
			const user = await createUser({ roles: ['user'] }, server, admin);
			expectFailure(await duplicates({}, user.credentials), 403, PERMISSION_DENIED);
		});

		it('caps a huge count at the upper page limit instead of reading everything', async () => {
			const res = await report({ count: '1e9' });
			expect(res.count).to.equal(100);
			expect(res.groups.length).to.be.at.most(100);
		});

		it('refuses counts and offsets that are not integers in range, unknown and repeated parameters', async () => {
			const cases: [Record<string, unknown>, string][] = [
				[{ count: 0 }, 'must be >= 1'],
				[{ count: -5 }, 'must be >= 1'],
				[{ count: 'ten' }, 'must be integer'],
				[{ count: '2.5' }, 'must be integer'],
				[{ offset: -1 }, 'must be >= 0'],
				[{ offset: '1e300' }, `must be <= ${Number.MAX_SAFE_INTEGER}`],
				[{ sort: '{"size":1}' }, 'must NOT have additional properties'],
				[{ 'count[]': ['1', '2'] }, 'must be integer'],
				[{ count: ['1', '2'] }, 'must be integer'],
				[{ limit: 5 }, 'must NOT have additional properties'],
			];
			for (const [query, error] of cases) {
				expectFailure(await duplicates(query), 400, invalidParams(error));
			}
		});
	});
});
