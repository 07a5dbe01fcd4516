import { expect } from 'chai';

import { APIClass } from '../app/api/server/api';
import { RateLimiter } from '../app/api/server/rateLimiter';
import type { ApiServices } from '../app/api/server/services';
import { createLicense } from '../app/license/server/license';
import { openTestDeps, type TestDeps } from '../tests/data/testDeps';
import { buildApp } from './app';

describe('buildApp', () => {
	let deps: TestDeps;
	let services: ApiServices;

	before(async () => {
		deps = await openTestDeps({ enterprise: false });
		services = { ...deps, rateLimiter: new RateLimiter(), testMode: true, nodeEnv: undefined };
	});

	after(() => deps.db.close());

	it('sends a bare JSON string body as JSON (an unlicensed Enterprise route)', async () => {
		const registry = new APIClass('/api/v1', true);
		registry.addRoute('ee-only', { license: ['livechat-enterprise'] }, { get: () => ({ statusCode: 200, body: {} }) });
		const app = buildApp(services, { registries: [registry], bodyLimit: 1024, instanceId: 'test' });
		try {
			const res = await app.inject({ method: 'GET', url: '/api/v1/ee-only' });
			expect(res.statusCode).to.equal(404);
			expect(res.headers['content-type']).to.equal('application/json');
			expect(res.body).to.equal('"404 Not Found"');
		} finally {
			await app.close();
		}
	});

	it('the same route runs once its module is licensed', async () => {
		const registry = new APIClass('/api/v1', true);
		registry.addRoute('ee-only', { license: ['livechat-enterprise'] }, { get: () => ({ statusCode: 200, body: { ok: 1 } }) });
		const app = buildApp({ ...services, license: createLicense(['livechat-enterprise']) }, { registries: [registry], bodyLimit: 1024, instanceId: 'test' });
		try {
			const res = await app.inject({ method: 'GET', url: '/api/v1/ee-only' });
			expect(res.statusCode).to.equal(200);
			expect(res.json()).to.deep.equal({ ok: 1 });
		} finally {
			await app.close();
		}
	});
});
