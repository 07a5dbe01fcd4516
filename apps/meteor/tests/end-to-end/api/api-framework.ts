import http from 'node:http';

import { expect } from 'chai';
import type { Response } from 'supertest';

import { api, createUser, credentials, getSharedServer, request, startServer, type TestUser } from '../../data/api-data';

const NOT_LOGGED_IN_BODY = {
	success: false,
	error: 'You must be logged in to do this.',
	status: 'error',
	message: 'You must be logged in to do this.',
};

function expectStandardHeaders(res: Response): void {
	expect(res.headers['content-type']).to.equal('application/json');
	expect(res.headers['cache-control']).to.equal('no-store');
	expect(res.headers.pragma).to.equal('no-cache');
	expect(res.headers).not.to.have.property('x-powered-by');
	expect(res.headers['x-instance-id']).to.be.a('string').and.not.equal('');
}

/** A raw request, for what supertest will not send (lying Content-Length, malformed paths). */
function rawRequest(options: http.RequestOptions, body?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
	const { port } = getSharedServer();
	return new Promise((resolve, reject) => {
		const req = http.request({ host: '127.0.0.1', port, ...options }, (res) => {
			let text = '';
			res.on('data', (chunk: Buffer) => {
				text += chunk.toString();
			});
			res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
		});
		req.on('error', reject);
		if (body !== undefined) {
			req.write(body);
		}
		req.end();
	});
}

describe('[API framework]', () => {
	describe('GET /api/info', () => {
		it('answers the 7.x version with the standard headers', async () => {
			const res = await request.get('/api/info').expect(200);
			expect(res.body).to.have.all.keys('version', 'success');
			expect(res.body.success).to.equal(true);
			expect(res.body.version).to.match(/^7\.\d+\.\d+$/);
			expectStandardHeaders(res);
		});

		it('sends the same X-Instance-ID on every response', async () => {
			const first = await request.get('/api/info');
			const second = await request.get(api('does-not-exist'));
			// Present first: two missing headers would also be "equal".
			expect(first.headers['x-instance-id']).to.be.a('string').and.not.equal('');
			expect(second.headers['x-instance-id']).to.equal(first.headers['x-instance-id']);
		});
	});

	describe('unknown routes', () => {
		for (const [method, path] of [
			['get', api('no-such-endpoint')],
			['post', api('no-such-endpoint')],
			['delete', '/api/nothing-here'],
		] as const) {
			it(`${method.toUpperCase()} ${path} → JSON 404`, async () => {
				const res = await request[method](path).expect(404);
				expect(res.body).to.have.all.keys('success', 'error');
				expect(res.body.success).to.equal(false);
				expect(res.body.error).to.be.a('string');
				expectStandardHeaders(res);
			});
		}

		it('a method a route does not declare → JSON 404', async () => {
			const res = await request.put(api('omnichannel/contacts')).set(credentials).send({}).expect(404);
			expect(res.body.success).to.equal(false);
		});
	});

	describe('authentication', () => {
		it('an auth route without credentials → 401 with the four 7.x keys', async () => {
			const res = await request.get(api('settings/API_Default_Count')).expect(401);
			expect(res.body).to.deep.equal(NOT_LOGGED_IN_BODY);
			expect(Object.keys(res.body)).to.deep.equal(['success', 'error', 'status', 'message']);
			expectStandardHeaders(res);
		});

		it('a wrong token or a mismatched user id → the same 401', async () => {
			await request
				.get(api('settings/API_Default_Count'))
				.set({ 'X-User-Id': credentials['X-User-Id'], 'X-Auth-Token': 'wrong' })
				.expect(401)
				.expect((res) => expect(res.body).to.deep.equal(NOT_LOGGED_IN_BODY));
			await request
				.get(api('settings/API_Default_Count'))
				.set({ 'X-User-Id': 'someone-else', 'X-Auth-Token': credentials['X-Auth-Token'] })
				.expect(401);
		});

		it('401 beats validation: an invalid body without credentials is still 401', async () => {
			const res = await request.post(api('omnichannel/contacts')).send({ nonsense: true }).expect(401);
			expect(res.body).to.deep.equal(NOT_LOGGED_IN_BODY);
		});
	});

	describe('permissions', () => {
		let plainUser: TestUser;
		before(async () => {
			plainUser = await createUser({ roles: ['user'] });
		});

		it('a user lacking the permission → 403 with the [error-unauthorized] text', async () => {
			const res = await request.get(api('settings/API_Default_Count')).set(plainUser.credentials).expect(403);
			expect(JSON.stringify(res.body)).to.equal(
				'{"success":false,"error":"User does not have the permissions required for this action [error-unauthorized]"}',
			);
		});

		it('validation comes before permission: an invalid body from an unprivileged user → 400', async () => {
			const res = await request.post(api('omnichannel/contacts')).set(plainUser.credentials).send({}).expect(400);
			expect(res.body).to.include({ error: "must have required property 'name' [invalid-params]", errorType: 'invalid-params' });
		});
	});

	describe('request bodies', () => {
		const contactsRoute = api('omnichannel/contacts');
		const missingName = { success: false, error: "must have required property 'name' [invalid-params]", errorType: 'invalid-params' };

		it('malformed JSON is an empty body, so validation answers 400 (with stack under TEST_MODE)', async () => {
			const res = await request.post(contactsRoute).set(credentials).set('Content-Type', 'application/json').send('{"name": "x",').expect(400);
			expect(res.body).to.include(missingName);
			expect(res.body.stack).to.be.a('string');
			expectStandardHeaders(res);
		});

		it('an empty JSON body → 400 invalid-params, never 500', async () => {
			await request
				.post(contactsRoute)
				.set(credentials)
				.set('Content-Type', 'application/json')
				.expect(400)
				.expect((res) => expect(res.body).to.include(missingName));
		});

		for (const contentType of ['text/plain', 'application/xml', 'application/octet-stream', 'multipart/form-data; boundary=x']) {
			it(`a ${contentType} body is ignored → JSON 400 from validation`, async () => {
				const res = await request.post(contactsRoute).set(credentials).set('Content-Type', contentType).send('{"name":"x"}').expect(400);
				expect(res.body).to.include(missingName);
				expectStandardHeaders(res);
			});
		}

		it('a JSON array body → 400 "must be object"', async () => {
			const res = await request.post(contactsRoute).set(credentials).send([1, 2]).expect(400);
			expect(res.body).to.include({ error: 'must be object [invalid-params]' });
		});

		it('an urlencoded body with bracket arrays is parsed like Express', async () => {
			const res = await request
				.post(contactsRoute)
				.set(credentials)
				.type('form')
				.send('name=Form%20Contact&emails[]=form@example.com&phones[]=5550001')
				.expect(200);
			expect(res.body.contactId).to.match(/^[0-9a-f]{24}$/);
		});

		it('a body declared larger than the 50 MB limit → JSON 413', async () => {
			const res = await rawRequest(
				{ method: 'POST', path: contactsRoute, headers: { ...credentials, 'Content-Type': 'application/json', 'Content-Length': String(51 * 1024 * 1024) } },
				'{}',
			);
			expect(res.status).to.equal(413);
			expect(res.headers['content-type']).to.equal('application/json');
			expect(JSON.parse(res.body)).to.deep.equal({
				success: false,
				error: 'Request body is too large [error-payload-too-large]',
				errorType: 'error-payload-too-large',
			});
		});

		it('a malformed URL → JSON 400', async () => {
			const res = await rawRequest({ method: 'GET', path: '/api/v1/%E0%A4%A' });
			expect(res.status).to.equal(400);
			expect(JSON.parse(res.body)).to.include({ success: false, errorType: 'error-bad-url' });
		});
	});

	describe('query strings', () => {
		it('an operator object in the query reaches the validator as an object and is rejected', async () => {
			const res = await request.get(api('omnichannel/contacts.get')).set(credentials).query('contactId[$ne]=x').expect(400);
			expect(res.body).to.include({ error: 'must be string [invalid-params]', errorType: 'invalid-params' });
		});

		it('a repeated key arrives as an array and is rejected', async () => {
			const res = await request.get(api('omnichannel/contacts.get')).set(credentials).query('contactId=a&contactId=b').expect(400);
			expect(res.body).to.include({ error: 'must be string [invalid-params]' });
		});

		it('an invalid sort → 400 error-invalid-sort with details', async () => {
			const res = await request.get(api('omnichannel/contacts.search')).set(credentials).query({ sort: '{"name":2}' }).expect(400);
			expect(res.body).to.include({
				success: false,
				error: 'Invalid sort parameter provided: "{"name":2}" [error-invalid-sort]',
				errorType: 'error-invalid-sort',
			});
			expect(res.body.details).to.deep.equal({ helperMethod: 'parseJsonQuery' });
		});
	});
});

describe('[API framework] a server with a small BODY_LIMIT', () => {
	it('answers a body over the limit with a JSON 413', async function () {
		this.timeout(60_000);
		const server = await startServer({ BODY_LIMIT: '1024' });
		try {
			const res = await fetch(`${server.url}${api('login')}`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ user: 'x', password: 'y'.repeat(2000) }),
			});
			expect(res.status).to.equal(413);
			expect(res.headers.get('content-type')).to.equal('application/json');
			expect(await res.json()).to.deep.equal({
				success: false,
				error: 'Request body is too large [error-payload-too-large]',
				errorType: 'error-payload-too-large',
			});
		} finally {
			await server.stop();
		}
	});
});
