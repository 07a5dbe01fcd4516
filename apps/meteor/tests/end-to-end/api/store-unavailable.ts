import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';

import { connectDatabase } from '@omni/database';
import { faultyIo } from '@omni/embedded-mongo';
import type { IDatabase } from '@omni/model-typings';
import { expect } from 'chai';
import pino from 'pino';
import supertest from 'supertest';

import { readConfig } from '../../../server/config';
import { createServer, type OmniServer } from '../../../server/createServer';
import { api, TEST_ADMIN, type Credentials } from '../../data/api-data';

const UNAVAILABLE = {
	success: false,
	error: 'The database is temporarily unavailable, try again later [error-service-unavailable]',
	errorType: 'error-service-unavailable',
};

/**
 * A full disk, injected through the embedded store's I/O seam (no root
 * needed): the server runs in-process on a real HTTP port over a durable data
 * directory whose journal writes and fsyncs can be made to fail with ENOSPC.
 */
describe('[Store unavailable] a full disk is a 503, leaves no phantom, and heals by itself', () => {
	let dataDir: string;
	let db: IDatabase;
	let server: OmniServer;
	let client: ReturnType<typeof supertest>;
	const io = faultyIo();
	const logLines: Record<string, unknown>[] = [];

	before(async function () {
		this.timeout(60_000);
		dataDir = await mkdtemp(path.join(os.tmpdir(), 'omni-enospc-'));
		db = await connectDatabase({ dataDir, storeIo: io });
		const sink = new Writable({
			write(chunk: Buffer, _encoding, done) {
				for (const line of chunk.toString().split('\n').filter(Boolean)) {
					logLines.push(JSON.parse(line));
				}
				done();
			},
		});
		server = await createServer(readConfig({ TEST_MODE: 'true', LOG_LEVEL: 'warn', DATA_DIR: dataDir }), db, {
			logger: pino({ level: 'warn', base: undefined }, sink),
			print: () => undefined,
		});
		await server.app.listen({ port: 0, host: '127.0.0.1' });
		client = supertest(`http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`);
	});

	after(async () => {
		io.heal();
		await server?.close();
		await db?.close();
		await rm(dataDir, { recursive: true, force: true });
	});

	async function loginAdmin(): Promise<supertest.Response> {
		return client.post(api('login')).send({ user: TEST_ADMIN, password: TEST_ADMIN });
	}

	async function searchTotal(auth: Credentials, text: string): Promise<number> {
		const res = await client.get(api('omnichannel/contacts.search')).set(auth).query({ searchText: text }).expect(200);
		return res.body.total;
	}

	it('answers 503 with Retry-After and one error log line per failed write, shows no phantom, and recovers without a restart', async function () {
		this.timeout(60_000);
		const before = await loginAdmin();
		expect(before.status).to.equal(200);
		const auth = { 'X-User-Id': before.body.data.userId, 'X-Auth-Token': before.body.data.authToken };
		await client.post(api('omnichannel/contacts')).set(auth).send({ name: 'kept before the disk filled', emails: [], phones: [] }).expect(200);

		io.failWith('ENOSPC');
		const errorsBefore = logLines.filter((line) => line.level === 50).length;
		for (let i = 0; i < 5; i++) {
			const res = await client.post(api('omnichannel/contacts')).set(auth).send({ name: `phantom ${i}`, emails: [`phantom${i}@example.com`], phones: [] });
			expect(res.status).to.equal(503);
			expect(res.body).to.deep.equal(UNAVAILABLE);
			expect(res.headers['retry-after']).to.equal('5');
		}
		const errorLines = logLines.filter((line) => line.level === 50).slice(errorsBefore);
		expect(errorLines).to.have.lengthOf(5);
		expect(errorLines.every((line) => line.msg === 'database unavailable: answered 503 error-service-unavailable')).to.equal(true);

		// The failed creates were rolled back: nobody ever reads them.
		expect(await searchTotal(auth, 'phantom')).to.equal(0);
		// Logging in writes a token: a 503 too, not a 500 or a misleading 401.
		const loginWhileFull = await loginAdmin();
		expect(loginWhileFull.status).to.equal(503);
		expect(loginWhileFull.body).to.deep.equal(UNAVAILABLE);

		io.heal();
		const after = await loginAdmin();
		expect(after.status, 'login works again once writes succeed').to.equal(200);
		const healed = { 'X-User-Id': after.body.data.userId, 'X-Auth-Token': after.body.data.authToken };
		await client.post(api('omnichannel/contacts')).set(healed).send({ name: 'written after the disk healed', emails: [], phones: [] }).expect(200);
		expect(await searchTotal(healed, 'phantom')).to.equal(0);
		expect(await searchTotal(healed, 'kept before')).to.equal(1);
		expect(await searchTotal(healed, 'after the disk healed')).to.equal(1);
	});

	it('keeps every acknowledged write and none of the refused ones across a restart', async function () {
		this.timeout(60_000);
		await server.close();
		await db.close();
		db = await connectDatabase({ dataDir });
		server = await createServer(readConfig({ TEST_MODE: 'true', LOG_LEVEL: 'silent', DATA_DIR: dataDir }), db, { print: () => undefined });
		await server.app.listen({ port: 0, host: '127.0.0.1' });
		client = supertest(`http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`);
		const login = await loginAdmin();
		const auth = { 'X-User-Id': login.body.data.userId, 'X-Auth-Token': login.body.data.authToken };
		expect(await searchTotal(auth, 'phantom')).to.equal(0);
		expect(await searchTotal(auth, 'kept before')).to.equal(1);
		expect(await searchTotal(auth, 'after the disk healed')).to.equal(1);
	});
});
