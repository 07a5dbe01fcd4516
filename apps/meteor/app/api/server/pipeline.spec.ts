import type { IUser } from '@rocket.chat/core-typings';
import {
	isPOSTOmnichannelContactsProps,
	POSTOmnichannelContactDeleteSuccessSchema,
	validateBadRequestErrorResponse,
	validateNotFoundErrorResponse,
	validateUnauthorizedErrorResponse,
} from '@rocket.chat/rest-typings';
import type { Models } from '@omni/model-typings';
import { expect } from 'chai';

import { ApiError, MeteorError } from '../../../lib/errors/MeteorError';
import { hashLoginToken } from '../../authentication/server/loginTokens';
import { openTestDeps, type TestDeps } from '../../../tests/data/testDeps';
import { createLicense } from '../../license/server/license';
import { APIClass, type RegisteredRoute } from './api';
import type { Action, Method, RouteOptions, TypedRouteOptions } from './definition';
import { runRoute } from './pipeline';
import { RateLimiter } from './rateLimiter';
import type { ApiRequest } from './RouteContext';
import type { ApiServices } from './services';

type Headers = Record<string, string>;

const NOT_LOGGED_IN = {
	success: false,
	error: 'You must be logged in to do this.',
	status: 'error',
	message: 'You must be logged in to do this.',
};
const DENIED = { success: false, error: 'User does not have the permissions required for this action [error-unauthorized]' };
const VALID_CONTACT = { name: 'n', emails: [], phones: [] };
const API_OK = { statusCode: 200, body: { success: true } };
/** A contract for routes that answer `{success:true}`, a 400 or a 401. */
const OK_ONLY = { 200: POSTOmnichannelContactDeleteSuccessSchema, 400: validateBadRequestErrorResponse, 401: validateUnauthorizedErrorResponse };

describe('runRoute (the addRoute pipeline)', () => {
	let deps: TestDeps;
	let models: Models;
	let services: ApiServices;
	let agent: Headers;
	let admin: Headers;

	async function insertUserWithToken(_id: string, roles: string[]): Promise<Headers> {
		const token = `${_id}-token`;
		await models.Users.insertOne({
			_id,
			username: _id,
			roles,
			active: true,
			type: 'user',
			services: { resume: { loginTokens: [{ when: new Date(), hashedToken: hashLoginToken(token) }] } },
		} as unknown as IUser);
		return { 'x-user-id': _id, 'x-auth-token': token };
	}

	function route(options: RouteOptions, action: Action = () => undefined, method: Method = 'POST', registry = new APIClass('/api/v1', true)): RegisteredRoute {
		registry.addRoute('test/:_id', options, { [method.toLowerCase()]: action });
		return registry.routes[0];
	}

	function typedRoute(options: TypedRouteOptions, action: Action = () => undefined, registry = new APIClass('/api/v1', true)): RegisteredRoute {
		registry.post('test/:_id', options, action);
		return registry.routes[0];
	}

	function request(overrides: Partial<ApiRequest> & { headers?: Headers } = {}): ApiRequest {
		return { method: 'POST', body: {}, query: {}, params: { _id: 'x' }, headers: {}, clientIp: '10.0.0.1', ...overrides };
	}

	before(async () => {
		deps = await openTestDeps();
		models = deps.models;
		services = {
			...deps,
			rateLimiter: new RateLimiter(),
			testMode: true,
			nodeEnv: undefined,
		};
		agent = await insertUserWithToken('agent', ['user', 'livechat-agent']);
		admin = await insertUserWithToken('admin', ['admin']);
	});

	after(async () => {
		services.rateLimiter.stop();
		await deps.db.close();
	});

	describe('order', () => {
		it('authentication first: no credentials + invalid body → 401 with the four keys', async () => {
			const result = await runRoute(route({ authRequired: true, validateParams: isPOSTOmnichannelContactsProps }), request(), services);
			expect(result).to.deep.equal({ statusCode: 401, body: NOT_LOGGED_IN });
		});

		it('validation before permission: invalid body from a user lacking the permission → 400', async () => {
			const result = await runRoute(
				route({ authRequired: true, permissionsRequired: ['delete-user'], validateParams: isPOSTOmnichannelContactsProps }),
				request({ headers: agent }),
				services,
			);
			expect(result.statusCode).to.equal(400);
			expect(result.body).to.include({ error: "must have required property 'name' [invalid-params]", errorType: 'invalid-params' });
		});

		it('permission after validation: valid body, missing permission → 403', async () => {
			const result = await runRoute(
				route({ authRequired: true, permissionsRequired: ['delete-user'], validateParams: isPOSTOmnichannelContactsProps }),
				request({ headers: agent, body: { ...VALID_CONTACT } }),
				services,
			);
			expect(result).to.deep.equal({ statusCode: 403, body: DENIED });
		});

		it('a typed route validates before authentication and answers without suffix', async () => {
			const result = await runRoute(typedRoute({ authRequired: true, body: isPOSTOmnichannelContactsProps, response: OK_ONLY }), request(), services);
			expect(result).to.deep.equal({
				statusCode: 400,
				body: { success: false, errorType: 'invalid-params', error: "must have required property 'name'" },
			});
		});

		it('GET validates the query, other methods the body', async () => {
			const getRoute = route({ validateParams: isPOSTOmnichannelContactsProps }, () => undefined, 'GET');
			expect((await runRoute(getRoute, request({ method: 'GET', query: { ...VALID_CONTACT } }), services)).statusCode).to.equal(200);
			expect((await runRoute(getRoute, request({ method: 'GET', body: { ...VALID_CONTACT } }), services)).statusCode).to.equal(400);
		});
	});

	describe('typed declarations (API.v1.get/post/put/delete)', () => {
		it('run the action once the typed checks, authentication and permissions pass', async () => {
			const result = await runRoute(
				typedRoute({ authRequired: true, permissionsRequired: ['create-livechat-contact'], body: isPOSTOmnichannelContactsProps, response: OK_ONLY }),
				request({ headers: agent, body: { ...VALID_CONTACT } }),
				services,
			);
			expect(result).to.deep.equal(API_OK);
		});

		it('under TEST_MODE, a response that drifts from its declared shape becomes a 500 naming the drift', async () => {
			const drifting = typedRoute({ response: OK_ONLY }, () => ({ statusCode: 200, body: { success: true, extra: 1 } }));
			const result = await runRoute(drifting, request(), services);
			expect(result.statusCode).to.equal(500);
			expect((result.body as { error: string }).error).to.equal(
				'The response of POST /api/v1/test/:_id does not match its declaration: status 200: / must NOT have additional properties',
			);
		});

		it('an undeclared status is a drift too', async () => {
			const result = await runRoute(typedRoute({ response: OK_ONLY }, () => ({ statusCode: 404, body: { success: false, error: 'x' } })), request(), services);
			expect((result.body as { error: string }).error).to.match(/status 404 is not declared$/);
		});

		it('outside TEST_MODE the answer is sent as it is', async () => {
			const drifting = typedRoute({ response: OK_ONLY }, () => ({ statusCode: 200, body: { success: true, extra: 1 } }));
			expect((await runRoute(drifting, request(), { ...services, testMode: false })).body).to.deep.equal({ success: true, extra: 1 });
		});

		it('actionErrors: a declared status per code, every other action failure becomes the declared code', async () => {
			const options: TypedRouteOptions = {
				response: { ...OK_ONLY, 404: validateNotFoundErrorResponse },
				actionErrors: { statuses: { 'error-contact-not-found': 404 }, otherwise: 'error-invalid-contact' },
			};
			const notFound = typedRoute(options, () => {
				throw new ApiError('error-contact-not-found');
			});
			expect(await runRoute(notFound, request(), services)).to.deep.equal({ statusCode: 404, body: { success: false, error: 'error-contact-not-found' } });
			const crashed = typedRoute(options, () => {
				throw new TypeError('store exploded');
			});
			expect(await runRoute(crashed, request(), services)).to.deep.equal({ statusCode: 400, body: { success: false, error: 'error-invalid-contact' } });
		});
	});

	describe('Enterprise routes (license option)', () => {
		const gated: RouteOptions = { authRequired: true, permissionsRequired: ['delete-user'], validateParams: isPOSTOmnichannelContactsProps, license: ['livechat-enterprise'] };

		it('without the module: 404 "404 Not Found" before authentication, validation or permissions', async () => {
			const community = { ...services, license: createLicense([]) };
			const result = await runRoute(route(gated), request(), community);
			expect(result).to.deep.equal({ statusCode: 404, body: '404 Not Found' });
		});

		it('with the module: the pipeline runs as for any route', async () => {
			const result = await runRoute(route(gated), request(), services);
			expect(result).to.deep.equal({ statusCode: 401, body: NOT_LOGGED_IN });
			const ran = await runRoute(route({ license: ['livechat-enterprise'] }, () => API_OK), request(), services);
			expect(ran).to.deep.equal(API_OK);
		});
	});

	describe('permissions', () => {
		it('hasAll needs every permission; hasAny one of them', async () => {
			const both = ['create-livechat-contact', 'delete-user'];
			const hasAll = await runRoute(route({ authRequired: true, permissionsRequired: both }), request({ headers: agent }), services);
			expect(hasAll.statusCode).to.equal(403);
			const hasAny = await runRoute(
				route({ authRequired: true, permissionsRequired: { POST: { operation: 'hasAny', permissions: both } } }),
				request({ headers: agent }),
				services,
			);
			expect(hasAny.statusCode).to.equal(200);
		});

		it('a method without an entry (and no "*") is denied, even to an admin', async () => {
			const result = await runRoute(route({ authRequired: true, permissionsRequired: { GET: [] } }), request({ headers: admin }), services);
			expect(result).to.deep.equal({ statusCode: 403, body: DENIED });
		});

		it('"*" covers methods without their own entry', async () => {
			const result = await runRoute(route({ authRequired: true, permissionsRequired: { '*': ['create-livechat-contact'] } }), request({ headers: agent }), services);
			expect(result.statusCode).to.equal(200);
		});

		it('an empty list allows everyone, even anonymous callers', async () => {
			expect((await runRoute(route({ permissionsRequired: [] }), request(), services)).statusCode).to.equal(200);
		});

		it('an anonymous caller of a permission-guarded public route gets 401 unauthorized', async () => {
			const result = await runRoute(route({ permissionsRequired: ['create-livechat-contact'] }), request(), services);
			expect(result).to.deep.equal({ statusCode: 401, body: { success: false, error: 'unauthorized' } });
		});
	});

	describe('the action', () => {
		it('returning nothing → 200 {success:true}', async () => {
			expect(await runRoute(route({}), request(), services)).to.deep.equal({ statusCode: 200, body: { success: true } });
		});

		it('sees the request and the caller through `this`', async () => {
			let seen: unknown;
			const action: Action = function () {
				seen = {
					userId: this.userId,
					username: this.user?.username,
					authToken: this.authToken,
					urlParams: this.urlParams,
					pagination: this.getPaginationItems(),
					sort: this.parseJsonQuery(),
					clientIp: this.clientIp,
					setting: this.deps.settings.get('API_Default_Count'),
				};
			};
			await runRoute(route({ authRequired: true }, action), request({ headers: agent, query: { count: '5', sort: '{"name":-1}' } }), services);
			expect(seen).to.deep.equal({
				userId: 'agent',
				username: 'agent',
				authToken: 'agent-token',
				urlParams: { _id: 'x' },
				pagination: { offset: 0, count: 5 },
				sort: { sort: { name: -1 } },
				clientIp: '10.0.0.1',
				setting: 50,
			});
		});

		it('a thrown Meteor-style error goes through the one mapper (stack under TEST_MODE)', async () => {
			const result = await runRoute(
				route({}, () => {
					throw new MeteorError('error-x', 'Broken');
				}),
				request(),
				services,
			);
			expect(result.statusCode).to.equal(400);
			expect(result.body).to.include({ success: false, error: 'Broken [error-x]', errorType: 'error-x' });
			expect(result.body).to.have.property('stack').that.is.a('string');
		});

		it('a thrown plain error → 400 without errorType', async () => {
			const result = await runRoute(
				route({}, async () => {
					throw new Error('error-contact-manager-not-found');
				}),
				request(),
				{ ...services, testMode: false },
			);
			expect(JSON.stringify(result.body)).to.equal('{"success":false,"error":"error-contact-manager-not-found"}');
		});
	});

	describe('rate limiting (outside TEST_MODE)', () => {
		let limited: ApiServices;
		beforeEach(() => {
			limited = { ...services, testMode: false, rateLimiter: new RateLimiter() };
		});
		afterEach(() => limited.rateLimiter.stop());

		it('refuses calls past the route’s limit with 429, X-RateLimit-* and Retry-After', async () => {
			const limitedRoute = route({ authRequired: true, rateLimiterOptions: { numRequestsAllowed: 2, intervalTimeInMS: 5000 } });
			const first = await runRoute(limitedRoute, request({ headers: agent }), limited);
			expect(first.headers).to.include({ 'X-RateLimit-Limit': '2', 'X-RateLimit-Remaining': '1' });
			await runRoute(limitedRoute, request({ headers: agent }), limited);
			const third = await runRoute(limitedRoute, request({ headers: agent }), limited);
			expect(third.statusCode).to.equal(429);
			expect(third.body).to.deep.equal({
				success: false,
				error: 'Error, too many requests. Please slow down. You must wait 5 seconds before trying this endpoint again. [error-too-many-requests]',
			});
			expect(third.headers).to.include({ 'X-RateLimit-Limit': '2', 'X-RateLimit-Remaining': '0', 'Retry-After': '5' });
		});

		it('keeps the limiter headers on responses that fail after the limiter ran', async () => {
			const result = await runRoute(route({ validateParams: isPOSTOmnichannelContactsProps }), request(), limited);
			expect(result.statusCode).to.equal(400);
			expect(result.headers).to.have.property('X-RateLimit-Limit', '10');
		});

		it('does not count admins (api-bypass-rate-limit)', async () => {
			const result = await runRoute(route({ authRequired: true }), request({ headers: admin }), limited);
			expect(result.headers).to.equal(undefined);
		});

		it('skips routes that opt out and API.default routes', async () => {
			expect((await runRoute(route({ rateLimiterOptions: false }), request(), limited)).headers).to.equal(undefined);
			expect((await runRoute(route({}, undefined, 'GET', new APIClass('/api', false)), request({ method: 'GET' }), limited)).headers).to.equal(undefined);
		});

		it('applies in development only when API_Enable_Rate_Limiter_Dev is on', async () => {
			const dev = { ...limited, nodeEnv: 'development' };
			expect((await runRoute(route({}), request(), dev)).headers).to.have.property('X-RateLimit-Limit');
			await services.settings.updateValue('API_Enable_Rate_Limiter_Dev', false);
			try {
				expect((await runRoute(route({}), request(), dev)).headers).to.equal(undefined);
			} finally {
				await services.settings.updateValue('API_Enable_Rate_Limiter_Dev', true);
			}
		});
	});
});
