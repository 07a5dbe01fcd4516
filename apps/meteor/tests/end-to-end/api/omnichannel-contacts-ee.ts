import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { connectDatabase } from '@omni/database';
import { createModels } from '@omni/models';
import { expect } from 'chai';
import supertest from 'supertest';

import { api, type Credentials, login, type StartedServer, startServer, TEST_ADMIN } from '../../data/api-data';
import { insertContact, insertLivechatRoom } from '../../data/testDeps';

/*
 * Enterprise behaviour behind the ENTERPRISE switch (default on). Closed rooms
 * come from the visitor/room subsystem, so they are written into a data
 * directory first; one server per edition then answers over HTTP.
 */
describe('[Omnichannel contacts] Enterprise and community mode', function () {
	this.timeout(90_000);

	let dataDir: string;
	let contactId: string;

	before(async () => {
		dataDir = await mkdtemp(path.join(os.tmpdir(), 'omni-contacts-ee-'));
		const db = await connectDatabase({ dataDir });
		const models = createModels(db);
		try {
			contactId = await insertContact(models, { name: 'Two sources' });
			await insertLivechatRoom(models, { contactId, closedAt: new Date('2024-01-01T00:00:00Z'), source: { type: 'widget' } as never });
			await insertLivechatRoom(models, { contactId, closedAt: new Date('2024-01-02T00:00:00Z'), source: { type: 'sms' } as never });
		} finally {
			await db.close();
		}
	});

	after(() => rm(dataDir, { recursive: true, force: true }));

	async function withServer(env: Record<string, string>, check: (request: ReturnType<typeof supertest>, admin: Credentials) => Promise<void>): Promise<void> {
		const server: StartedServer = await startServer({ DATA_DIR: dataDir, ...env });
		try {
			await check(supertest(server.url), await login(TEST_ADMIN, TEST_ADMIN, server));
		} finally {
			await server.stop();
		}
	}

	it('GET contacts.history filters by source type with Enterprise on (the default)', async () => {
		await withServer({}, async (request, admin) => {
			const res = await request.get(api('omnichannel/contacts.history')).set(admin).query({ contactId, source: 'sms' });

			expect(res.status).to.equal(200);
			expect(res.body).to.include({ count: 1, offset: 0, total: 1, success: true });
			expect(res.body.history[0].source).to.deep.equal({ type: 'sms' });
		});
	});

	it('GET contacts.history ignores source in community mode (ENTERPRISE=false)', async () => {
		await withServer({ ENTERPRISE: 'false' }, async (request, admin) => {
			const res = await request.get(api('omnichannel/contacts.history')).set(admin).query({ contactId, source: 'sms' });

			expect(res.status).to.equal(200);
			expect(res.body).to.include({ count: 2, offset: 0, total: 2, success: true });
		});
	});
});
