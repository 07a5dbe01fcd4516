import { expect } from 'chai';
import supertest from 'supertest';

import { api, createUser, credentials, request, startProductionLikeServer, type Credentials, type StartedServer, type TestUser } from '../../data/api-data';

const ADMIN = { username: 'limiter.admin', password: 'limiter-admin-pass', email: 'limiter.admin@example.com' };

describe('[Rate limiter] on a server without TEST_MODE', () => {
	let server: StartedServer;
	let client: ReturnType<typeof supertest>;
	let admin: Credentials;
	let adminTwoFactor: Record<string, string>;
	let user: TestUser;

	before(async function () {
		this.timeout(60_000);
		// The tests stand in for a proxy on loopback that sets X-Real-IP.
		({ server, client, admin, adminTwoFactor } = await startProductionLikeServer(ADMIN, { TRUSTED_PROXIES: 'loopback' }));
		user = await createUser({ roles: ['user'] }, server, admin);
	});

	after(() => server?.stop());

	it('lets 10 calls through with X-RateLimit-* headers and refuses the 11th with 429', async () => {
		const started = Date.now();
		for (let call = 1; call <= 10; call++) {
			const res = await client.get(api('me')).set(user.credentials).expect(200);
			expect(res.headers['x-ratelimit-limit']).to.equal('10');
			expect(res.headers['x-ratelimit-remaining']).to.equal(String(10 - call));
			const reset = Number(res.headers['x-ratelimit-reset']);
			expect(reset).to.be.within(started + 59_000, Date.now() + 60_000);
		}
		const refused = await client.get(api('me')).set(user.credentials).expect(429);
		expect(refused.body).to.deep.equal({
			success: false,
			error: 'Error, too many requests. Please slow down. You must wait 60 seconds before trying this endpoint again. [error-too-many-requests]',
		});
		expect(refused.headers['content-type']).to.equal('application/json');
		expect(refused.headers['x-ratelimit-remaining']).to.equal('0');
		expect(refused.headers['retry-after']).to.equal('60');
	});

	it('keys the window by route and method: another route is still open', async () => {
		await client.get(api('users.getPersonalAccessTokens')).set(user.credentials).expect((res) => expect(res.status).not.to.equal(429));
	});

	it('keys the window by client IP (X-Real-IP)', async () => {
		const res = await client.get(api('me')).set(user.credentials).set('X-Real-IP', '203.0.113.7').expect(200);
		expect(res.headers['x-ratelimit-remaining']).to.equal('9');
	});

	it('never limits an admin (api-bypass-rate-limit) and sends no limiter headers', async () => {
		for (let call = 1; call <= 12; call++) {
			const res = await client.get(api('me')).set(admin).expect(200);
			expect(res.headers).not.to.have.property('x-ratelimit-limit');
		}
	});

	it('limits unauthenticated routes such as login too', async () => {
		const ip = '198.51.100.9';
		for (let call = 1; call <= 10; call++) {
			await client.post(api('login')).set('X-Real-IP', ip).send({ user: 'nobody', password: 'wrong' }).expect(401);
		}
		const res = await client.post(api('login')).set('X-Real-IP', ip).send({ user: 'nobody', password: 'wrong' }).expect(429);
		expect(res.body.error).to.match(/^Error, too many requests\. .* \[error-too-many-requests\]$/);
	});

	it('follows API_Enable_Rate_Limiter_Limit_Calls_Default and turns off with API_Enable_Rate_Limiter', async () => {
		await client.post(api('settings/API_Enable_Rate_Limiter_Limit_Calls_Default')).set(admin).set(adminTwoFactor).send({ value: 2 }).expect(200);
		const ip = '192.0.2.44';
		const first = await client.get(api('me')).set(user.credentials).set('X-Real-IP', ip).expect(200);
		expect(first.headers['x-ratelimit-limit']).to.equal('2');
		await client.get(api('me')).set(user.credentials).set('X-Real-IP', ip).expect(200);
		await client.get(api('me')).set(user.credentials).set('X-Real-IP', ip).expect(429);

		await client.post(api('settings/API_Enable_Rate_Limiter')).set(admin).set(adminTwoFactor).send({ value: false }).expect(200);
		const res = await client.get(api('me')).set(user.credentials).set('X-Real-IP', ip).expect(200);
		expect(res.headers).not.to.have.property('x-ratelimit-limit');
	});
});

describe('[Rate limiter] under TEST_MODE', () => {
	it('is off: no 429 and no limiter headers', async () => {
		for (let call = 1; call <= 12; call++) {
			const res = await request.get(api('me')).set(credentials).expect(200);
			expect(res.headers).not.to.have.property('x-ratelimit-limit');
		}
	});
});
