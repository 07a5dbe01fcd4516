import { createHash } from 'node:crypto';
import http from 'node:http';

import { expect } from 'chai';
import supertest from 'supertest';

import { api, createUser, credentials, getSharedServer, login, request, startProductionLikeServer, type Credentials, type StartedServer } from '../../data/api-data';

/*
 * Behaviours pinned by a second, line-by-line reading of the compatibility
 * spec against the running server: each case is one rule the first round of
 * tests did not hold in place over HTTP.
 */

function invalidParams(error: string): Record<string, unknown> {
	return { success: false, error: `${error} [invalid-params]`, errorType: 'invalid-params' };
}

/** Exception-derived 400s carry a TEST_MODE `stack`; the rest must match exactly. */
function withoutStack(body: Record<string, unknown>): Record<string, unknown> {
	const { stack, ...rest } = body;
	return rest;
}

type Headers = Record<string, string | string[] | undefined>;

/** Every response, whatever produced it, carries Rocket.Chat's API headers. */
function expectStandardHeaders(headers: Headers): void {
	expect(headers['content-type']).to.equal('application/json');
	expect(headers['cache-control']).to.equal('no-store');
	expect(headers.pragma).to.equal('no-cache');
	expect(headers).not.to.have.property('x-powered-by');
	expect(headers['x-instance-id']).to.be.a('string').and.not.equal('');
}

/** A raw request, for what supertest will not send (a lying Content-Length, a malformed path). */
function rawRequest(options: http.RequestOptions, port = getSharedServer().port): Promise<{ status: number; headers: Headers }> {
	return new Promise((resolve, reject) => {
		const req = http.request({ host: '127.0.0.1', port, ...options }, (res) => {
			res.resume();
			res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
		});
		req.on('error', reject);
		req.end();
	});
}

describe('[Rocket.Chat 7.x compatibility audit]', () => {
	describe('standard headers on every kind of response', () => {
		it('on 403, 404 Resource not found, the typed route\'s 400 and its 404', async () => {
			const plain = await createUser({ roles: ['user'] });
			const denied = await request.get(api('omnichannel/contacts.get')).set(plain.credentials).query({ contactId: 'x' }).expect(403);
			const missing = await request.get(api('omnichannel/contacts.get')).set(credentials).query({ contactId: 'x' }).expect(404);
			const typedInvalid = await request.post(api('omnichannel/contacts.delete')).send({}).expect(400);
			const typedMissing = await request.post(api('omnichannel/contacts.delete')).set(credentials).send({ contactId: 'x' }).expect(404);
			for (const res of [denied, missing, typedInvalid, typedMissing]) {
				expectStandardHeaders(res.headers);
			}
		});

		it('on errors raised before routing: 413 and a malformed URL', async () => {
			const tooLarge = await rawRequest({
				method: 'POST',
				path: api('omnichannel/contacts'),
				// Authenticated: without credentials the 401 comes first, before the body (see security.ts).
				headers: { ...credentials, 'Content-Type': 'application/json', 'Content-Length': String(51 * 1024 * 1024) },
			});
			expect(tooLarge.status).to.equal(413);
			const badUrl = await rawRequest({ method: 'GET', path: '/api/v1/%E0%A4%A' });
			expect(badUrl.status).to.equal(400);
			for (const res of [tooLarge, badUrl]) {
				expectStandardHeaders(res.headers);
			}
		});

		it('runs the route with an empty body when the Content-Type cannot be parsed, as Express\'s body parsers do', async () => {
			const res = await request.post(api('omnichannel/contacts')).set(credentials).set('Content-Type', 'json').send('{"name":"x","emails":[],"phones":[]}').expect(400);
			expectStandardHeaders(res.headers);
			expect(withoutStack(res.body)).to.deep.equal(invalidParams("must have required property 'name'"));
			const login = await request.post(api('login')).set('Content-Type', 'json').send('{}').expect(401);
			expect(login.body).to.deep.equal({ success: false, status: 'error', error: 'Unauthorized', message: 'Unauthorized' });
		});
	});

	describe('query validation uses the same coercion as bodies (one ajv instance, coerceTypes true)', () => {
		it('refuses a one-element array where a string is expected instead of unwrapping it', async () => {
			const res = await request.get(api('omnichannel/contacts.get')).set(credentials).query('contactId[]=65f0c0ffee0123456789abcd').expect(400);
			expect(withoutStack(res.body)).to.deep.equal(invalidParams('must be string'));
		});

		it('reports the array inside the checkExistence oneOf like any other wrong type', async () => {
			const res = await request.get(api('omnichannel/contacts.checkExistence')).set(credentials).query('email[]=a@b').expect(400);
			expect(withoutStack(res.body)).to.deep.equal(
				invalidParams(
					"must have required property 'contactId'\n must be string\n must have required property 'phone'\n must match exactly one schema in oneOf",
				),
			);
		});

		it('reads bracket indices as an array, as Express does, so contactId[0]=x is refused too', async () => {
			const res = await request.get(api('omnichannel/contacts.get')).set(credentials).query('contactId[0]=65f0c0ffee0123456789abcd').expect(400);
			expect(withoutStack(res.body)).to.deep.equal(invalidParams('must be string'));
		});

		it('still coerces query strings to numbers and booleans', async () => {
			const res = await request.get(api('omnichannel/contacts.search')).set(credentials).query({ count: '3', offset: '0', unknown: 'true' }).expect(200);
			expect(res.body).to.include({ count: 3, offset: 0, success: true });
		});
	});

	describe('urlencoded bodies are parsed like Express\'s extended parser', () => {
		it('creates a contact from indexed emails[0]/emails[1] and phones[0] keys', async () => {
			const res = await request
				.post(api('omnichannel/contacts'))
				.set(credentials)
				.type('form')
				.send('name=Form%20Client&emails[1]=second%40example.com&emails[0]=first%40example.com&phones[0]=%2B15550100')
				.expect(200);
			const stored = await request.get(api('omnichannel/contacts.get')).set(credentials).query({ contactId: res.body.contactId }).expect(200);
			expect(stored.body.contact).to.deep.include({
				name: 'Form Client',
				emails: [{ address: 'first@example.com' }, { address: 'second@example.com' }],
				phones: [{ phoneNumber: '+15550100' }],
			});
		});
	});

	describe('pagination follows the settings on the next request', () => {
		const token = `pg${Date.now().toString(36)}`;

		async function setSetting(_id: string, value: unknown): Promise<void> {
			await request.post(api(`settings/${_id}`)).set(credentials).send({ value }).expect(200);
		}

		async function searchPage(count: string): Promise<{ returned: number; count: number; total: number }> {
			const res = await request.get(api('omnichannel/contacts.search')).set(credentials).query({ searchText: token, count }).expect(200);
			return { returned: res.body.contacts.length, count: res.body.count, total: res.body.total };
		}

		before(async () => {
			for (const name of ['a', 'b', 'c']) {
				await request.post(api('omnichannel/contacts')).set(credentials).send({ name: `${token} ${name}`, emails: [], phones: [] }).expect(200);
			}
		});

		after(async () => {
			await setSetting('API_Allow_Infinite_Count', true);
			await setSetting('API_Default_Count', 50);
			await setSetting('API_Upper_Count_Limit', 100);
		});

		it('count=0 lists everything while API_Allow_Infinite_Count is on, and echoes 0', async () => {
			expect(await searchPage('0')).to.deep.equal({ returned: 3, count: 0, total: 3 });
		});

		it('count=0 falls back to API_Default_Count once API_Allow_Infinite_Count is off', async () => {
			await setSetting('API_Allow_Infinite_Count', false);
			await setSetting('API_Default_Count', 2);
			expect(await searchPage('0')).to.deep.equal({ returned: 2, count: 2, total: 3 });
		});

		it('caps count at API_Upper_Count_Limit', async () => {
			await setSetting('API_Upper_Count_Limit', 1);
			expect(await searchPage('50')).to.deep.equal({ returned: 1, count: 1, total: 3 });
		});
	});
});

describe('[Rocket.Chat 7.x compatibility audit] on a server without TEST_MODE: second factor, 429 headers', () => {
	const ADMIN = { username: 'audit.admin', password: 'audit-admin-pass', email: 'audit.admin@example.com' };
	let server: StartedServer;
	let client: ReturnType<typeof supertest>;
	let admin: Credentials;
	let adminTwoFactor: Record<string, string>;

	before(async function () {
		this.timeout(60_000);
		({ server, client, admin, adminTwoFactor } = await startProductionLikeServer(ADMIN, { TRUSTED_PROXIES: 'loopback' }));
	});

	after(() => server?.stop());

	it('answers totp-required with the password method when no code is sent, and changes nothing', async () => {
		const res = await client.post(api('settings/API_Default_Count')).set(admin).send({ value: 7 }).expect(400);
		expect(res.body).to.deep.equal({
			success: false,
			error: 'TOTP Required [totp-required]',
			errorType: 'totp-required',
			details: { method: 'password', codeGenerated: false, availableMethods: ['password'] },
		});
		const setting = await client.get(api('settings/API_Default_Count')).set(admin).expect(200);
		expect(setting.body).to.deep.equal({ _id: 'API_Default_Count', value: 50, success: true });
	});

	it('answers totp-invalid to a wrong code', async () => {
		const res = await client
			.post(api('settings/API_Default_Count'))
			.set(admin)
			.set({ 'X-2FA-Code': createHash('sha256').update('wrong').digest('hex'), 'X-2FA-Method': 'password' })
			.send({ value: 7 })
			.expect(400);
		expect(res.body).to.deep.equal({ success: false, error: 'TOTP Invalid [totp-invalid]', errorType: 'totp-invalid', details: { method: 'password' } });
	});

	it('writes the setting with X-2FA-Code = SHA-256 hex of the password', async () => {
		await client.post(api('settings/API_Default_Count')).set(admin).set(adminTwoFactor).send({ value: 7 }).expect(200);
		const setting = await client.get(api('settings/API_Default_Count')).set(admin).expect(200);
		expect(setting.body.value).to.equal(7);
	});

	it('asks for it before generating a personal access token too, as Rocket.Chat declares there', async () => {
		const refused = await client.post(api('users.generatePersonalAccessToken')).set(admin).send({ tokenName: 'audit' }).expect(400);
		expect(refused.body).to.include({ error: 'TOTP Required [totp-required]', errorType: 'totp-required' });
		const created = await client
			.post(api('users.generatePersonalAccessToken'))
			.set(admin)
			.set(adminTwoFactor)
			.send({ tokenName: 'audit', bypassTwoFactor: true })
			.expect(200);
		const patCredentials = { 'X-User-Id': admin['X-User-Id'], 'X-Auth-Token': created.body.token };
		await client.post(api('settings/API_Default_Count')).set(patCredentials).send({ value: 50 }).expect(200);
	});

	it('sends the standard and X-RateLimit-* headers on a 429', async () => {
		let res: supertest.Response | undefined;
		for (let call = 1; call <= 11; call++) {
			res = await client.post(api('login')).set('X-Real-IP', '198.51.100.7').send({ user: 'nobody', password: 'x' });
		}
		expect(res?.status).to.equal(429);
		expectStandardHeaders(res!.headers);
		expect(res!.headers).to.include({ 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '0' });
		expect(Number(res!.headers['x-ratelimit-reset'])).to.be.above(Date.now());
	});

	it('checks permissions before the second factor: a user without edit-privileged-setting gets 403', async () => {
		const res = await client.post(api('users.create')).set(admin).send({
			email: 'audit.user@example.com',
			name: 'Audit User',
			username: 'audit.user',
			password: 'audit-user-pass',
		});
		expect(res.status, JSON.stringify(res.body)).to.equal(200);
		const plain = await login('audit.user', 'audit-user-pass', server);
		const denied = await client.post(api('settings/API_Default_Count')).set(plain).send({ value: 9 }).expect(403);
		expect(denied.body).to.deep.equal({ success: false, error: 'User does not have the permissions required for this action [error-unauthorized]' });
	});
});
