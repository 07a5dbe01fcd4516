import { expect } from 'chai';

import { API, APIClass } from './api';

describe('APIClass.addRoute', () => {
	it('registers one entry per method with options resolved once', () => {
		const registry = new APIClass('/api/v1', true);
		const validator = Object.assign((_params: unknown): _params is unknown => true, { errors: null });
		registry.addRoute(
			'livechat/users/:type/:_id',
			{ authRequired: true, permissionsRequired: { GET: ['view-l-room'], '*': ['view-livechat-manager'] }, validateParams: { GET: validator } },
			{ get: () => undefined, delete: () => undefined },
		);
		expect(registry.routes.map(({ path, method, authRequired, permission, check, rateLimit, rateLimitRouteKey }) => ({
			path,
			method,
			authRequired,
			permission,
			hasValidator: Boolean(check),
			rateLimit,
			rateLimitRouteKey,
		}))).to.deep.equal([
			{
				path: '/api/v1/livechat/users/:type/:_id',
				method: 'GET',
				authRequired: true,
				permission: { operation: 'hasAll', permissions: ['view-l-room'] },
				hasValidator: true,
				rateLimit: {},
				rateLimitRouteKey: 'GET /api/v1/livechat/users/:type/:_id',
			},
			{
				path: '/api/v1/livechat/users/:type/:_id',
				method: 'DELETE',
				authRequired: true,
				permission: { operation: 'hasAll', permissions: ['view-livechat-manager'] },
				hasValidator: false,
				rateLimit: {},
				rateLimitRouteKey: 'DELETE /api/v1/livechat/users/:type/:_id',
			},
		]);
	});

	it('accepts actions without options, and several paths at once', () => {
		const registry = new APIClass('/api', false);
		registry.addRoute(['a', 'b'], { get: () => undefined });
		expect(registry.routes.map((r) => [r.method, r.path, r.authRequired, r.rateLimit])).to.deep.equal([
			['GET', '/api/a', false, undefined],
			['GET', '/api/b', false, undefined],
		]);
	});

	it('keeps a route’s own limiter options, or none when it opts out', () => {
		const registry = new APIClass('/api/v1', true);
		registry.addRoute('limited', { rateLimiterOptions: { numRequestsAllowed: 5 } }, { post: () => undefined });
		registry.addRoute('open', { rateLimiterOptions: false }, { post: () => undefined });
		expect(registry.routes.map((r) => r.rateLimit)).to.deep.equal([{ numRequestsAllowed: 5 }, undefined]);
	});

	it('refuses to declare the same method and path twice', () => {
		const registry = new APIClass('/api/v1', true);
		registry.addRoute('me', { get: () => undefined });
		expect(() => registry.addRoute('me', { get: () => undefined })).to.throw('Route GET /api/v1/me is declared twice');
	});

	it('exposes Rocket.Chat’s helpers on API.v1', () => {
		expect(API.v1.success({ a: 1 })).to.deep.equal({ statusCode: 200, body: { a: 1, success: true } });
		expect(API.v1.notFound().statusCode).to.equal(404);
		expect(API.default.prefix).to.equal('/api');
	});
});
