import path from 'node:path';

import { expect } from 'chai';
import supertest from 'supertest';

import { api, login, startServer, TEST_ADMIN, type StartedServer } from '../../data/api-data';

/*
 * The Meteor app's server entry as Meteor gets it: the prebuilt
 * `dist/meteor/server.js` (`npm run build:meteor`), loaded with stand-ins for
 * `meteor/webapp` and `meteor/mongo` (tests/data/runMeteorEntry.ts), since the
 * Meteor toolchain cannot be installed here. It proves the entry loads outside
 * our TypeScript toolchain, mounts the API on `WebApp.handlers` and serves it on
 * the database Meteor hands over; not that Meteor itself builds it.
 */
describe('[Meteor mount] the prebuilt Meteor server entry', function () {
	this.timeout(120_000);

	let server: StartedServer;

	before(async () => {
		const { METEOR_ENTRY, buildMeteorEntry } = await import('../../../scripts/build.mjs');
		await buildMeteorEntry();
		server = await startServer({}, { command: [process.execPath, '--import', 'tsx', path.join(__dirname, '../../data/runMeteorEntry.ts'), METEOR_ENTRY] });
	});

	after(() => server?.stop());

	it('serves the API from WebApp.handlers: login and a contact created in the database Meteor provides', async () => {
		const admin = await login(TEST_ADMIN, TEST_ADMIN, server);
		const res = await supertest(server.url).post(api('omnichannel/contacts')).set(admin).send({ name: 'Through Meteor', emails: [], phones: [] }).expect(200);
		expect(res.body.contactId).to.match(/^[0-9a-f]{24}$/);
		const found = await supertest(server.url).get(api('omnichannel/contacts.get')).set(admin).query({ contactId: res.body.contactId }).expect(200);
		expect(found.body.contact).to.include({ name: 'Through Meteor' });
	});

	it('leaves paths outside /api/ to the host app', async () => {
		await supertest(server.url).get('/not-the-api').expect(404);
	});
});
