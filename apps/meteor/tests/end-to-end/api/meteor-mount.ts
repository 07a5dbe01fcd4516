import type { Server } from 'node:http';

import { connectDatabase } from '@omni/database';
import type { IDatabase } from '@omni/model-typings';
import { expect } from 'chai';
import express from 'express';
import supertest from 'supertest';

import { createHandler, type ConnectHandler } from '../../../server/handler';
import { api, TEST_ADMIN } from '../../data/api-data';

/**
 * Meteor 3 serves HTTP through `WebApp.handlers`, an Express app. This mounts
 * the handler in a real Express 5 app exactly as `server/meteor.ts` does, on
 * an in-memory store standing in for Meteor's MongoDB.
 */
describe('[Meteor mount] the handler as Express middleware', () => {
	let db: IDatabase;
	let handler: ConnectHandler;
	let server: Server;
	let client: ReturnType<typeof supertest>;
	let auth: { 'X-User-Id': string; 'X-Auth-Token': string };

	before(async () => {
		db = await connectDatabase({});
		handler = createHandler({ db, env: { TEST_MODE: 'true', LOG_LEVEL: 'silent' }, print: () => undefined });
		const app = express();
		app.use(handler);
		app.get('/hello', (_req, res) => {
			res.send('from express');
		});
		await handler.ready;
		server = await new Promise<Server>((resolve) => {
			const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
		});
		const { port } = server.address() as { port: number };
		client = supertest(`http://127.0.0.1:${port}`);

		const res = await client.post(api('login')).send({ user: TEST_ADMIN, password: TEST_ADMIN }).expect(200);
		auth = { 'X-User-Id': res.body.data.userId, 'X-Auth-Token': res.body.data.authToken };
	});

	after(async () => {
		await new Promise((resolve) => server?.close(resolve));
		await handler?.close();
		await db?.close();
	});

	it('serves GET /api/info with the API headers and without Express’s X-Powered-By', async () => {
		const res = await client.get('/api/info').expect(200);
		expect(res.body).to.have.all.keys('version', 'success');
		expect(res.headers['content-type']).to.equal('application/json');
		expect(res.headers).not.to.have.property('x-powered-by');
	});

	it('creates a contact through POST /api/v1/omnichannel/contacts', async () => {
		const res = await client
			.post(api('omnichannel/contacts'))
			.set(auth)
			.send({ name: 'Mounted Contact', emails: ['mounted@example.com'], phones: ['+1 555 0100'] })
			.expect(200);
		expect(Object.keys(res.body)).to.deep.equal(['contactId', 'success']);
		expect(res.body.contactId).to.match(/^[0-9a-f]{24}$/);

		const stored = await db.collection('rocketchat_livechat_contact').findOne({ _id: res.body.contactId });
		expect(stored).to.include({ name: 'Mounted Contact', unknown: false, preRegistration: true });
	});

	it('answers the API’s 401 for a protected route without credentials', async () => {
		const res = await client.get(api('me')).expect(401);
		expect(res.body).to.deep.equal({
			success: false,
			error: 'You must be logged in to do this.',
			status: 'error',
			message: 'You must be logged in to do this.',
		});
	});

	it('answers unknown /api/ paths with the API’s JSON 404', async () => {
		const res = await client.get(api('nope')).expect(404);
		expect(res.body.success).to.equal(false);
	});

	it('falls through to the host app for paths outside /api/', async () => {
		const res = await client.get('/hello').expect(200);
		expect(res.text).to.equal('from express');
		expect(res.headers['x-powered-by']).to.equal('Express');
	});
});

describe('[Meteor mount] when startup fails', () => {
	it('rejects `ready` and answers API requests with JSON 500, other paths still reach the host', async () => {
		const db = await connectDatabase({});
		await db.close();
		const handler = createHandler({ db, env: { TEST_MODE: 'true', LOG_LEVEL: 'silent' }, print: () => undefined });
		const app = express();
		app.use(handler);
		app.get('/hello', (_req, res) => {
			res.send('from express');
		});

		let failure: unknown;
		try {
			await handler.ready;
		} catch (error) {
			failure = error;
		}
		expect(failure).to.be.instanceOf(Error);

		const res = await supertest(app).get('/api/info').expect(500);
		expect(res.headers['content-type']).to.equal('application/json');
		expect(res.body).to.deep.equal({ success: false, error: 'Internal server error' });
		await supertest(app).get('/hello').expect(200, 'from express');
	});
});
