import { expect } from 'chai';

import { api, credentials, getSharedServer, request, startServer } from '../../data/api-data';
import { connect, readResponse, requestHead } from '../../data/rawHttp';

const INVALID_REQUEST = { success: false, error: 'The request could not be processed [error-invalid-request]', errorType: 'error-invalid-request' };

function sortOf(keys: number): string {
	return JSON.stringify(Object.fromEntries(Array.from({ length: keys }, (_, i) => [`f${i}`, 1])));
}

/** JSON text of an object nested `depth` levels deep (built as text: a JSON serializer would overflow on it too). */
function nestedJson(depth: number): string {
	return `${'{"a":'.repeat(depth)}"leaf"${'}'.repeat(depth)}`;
}

describe('[Exposure] what the server shows and where it listens', () => {
	// Which errors count as internal (the query engine's, the driver's, system errors) is covered by renderError.spec.ts.
	describe('400 bodies never carry internal texts', () => {
		it('answers input that overflows the stack with a generic 400, not "Maximum call stack size exceeded"', async () => {
			const res = await request
				.post(api('omnichannel/contacts'))
				.set(credentials)
				.set('Idempotency-Key', 'exposure-deep')
				.set('Content-Type', 'application/json')
				.send(`{"name":"deep","emails":[],"phones":[],"customFields":${nestedJson(8000)}}`)
				.expect(400);
			expect(res.body).to.deep.equal(INVALID_REQUEST);
			expect(JSON.stringify(res.body)).not.to.include('call stack');
		});
	});

	describe('sorts are bounded', () => {
		it('refuses more than 32 sort keys with 400 error-invalid-sort; 32 are fine', async () => {
			await request.get(api('omnichannel/contacts.search')).set(credentials).query({ sort: sortOf(32) }).expect(200);
			const started = Date.now();
			const res = await request.get(api('omnichannel/contacts.search')).set(credentials).query({ sort: sortOf(500) }).expect(400);
			expect(res.body).to.deep.include({
				success: false,
				error: 'Invalid sort parameter provided: more than 32 keys [error-invalid-sort]',
				errorType: 'error-invalid-sort',
				details: { helperMethod: 'parseJsonQuery', maxKeys: 32 },
			});
			expect(Date.now() - started).to.be.below(2_000);
		});
	});

	describe('integer settings are range-checked', () => {
		for (const value of [-1, 1.5, 1e12]) {
			it(`refuses API_Default_Count = ${value} with 400 error-invalid-setting-value naming the range, and keeps the old value`, async () => {
				const res = await request.post(api('settings/API_Default_Count')).set(credentials).send({ value }).expect(400);
				expect(res.body).to.deep.include({
					success: false,
					error: 'Invalid value for setting API_Default_Count [error-invalid-setting-value]',
					errorType: 'error-invalid-setting-value',
					details: { min: 0, max: 10_000 },
				});
				const after = await request.get(api('settings/API_Default_Count')).set(credentials).expect(200);
				expect(after.body.value).to.equal(50);
			});
		}

		it('refuses a rate-limit window of zero calls', async () => {
			await request.post(api('settings/API_Enable_Rate_Limiter_Limit_Calls_Default')).set(credentials).send({ value: 0 }).expect(400);
		});
	});

	describe('over-long request headers', () => {
		it('get a 431 in the API’s JSON envelope with the standard headers', async () => {
			const socket = await connect(getSharedServer().url);
			socket.write(requestHead('GET', api('me'), { 'X-Padding': 'p'.repeat(20 * 1024) }));
			const res = await readResponse(socket);
			expect(res.status).to.equal(431);
			expect(res.headers).to.include({ 'content-type': 'application/json', 'cache-control': 'no-store', connection: 'close' });
			expect(res.headers['x-instance-id']).to.be.a('string');
			expect(JSON.parse(res.body)).to.deep.equal({
				success: false,
				error: 'Request header fields are too large [error-headers-too-large]',
				errorType: 'error-headers-too-large',
			});
			socket.destroy();
		});
	});

	describe('request logs', () => {
		it('log the path without the query string (emails and search texts are PII)', async function () {
			this.timeout(60_000);
			const server = await startServer({ LOG_LEVEL: 'info' });
			try {
				await fetch(`${server.url}${api('omnichannel/contacts.search')}?searchText=secret.person%40example.com`);
				await fetch(`${server.url}${api('omnichannel/contacts.get')}?contactId=pii-in-query`);
			} finally {
				await server.stop();
			}
			const output = server.output();
			expect(output).to.include('"url":"/api/v1/omnichannel/contacts.search"');
			expect(output).to.include('"url":"/api/v1/omnichannel/contacts.get"');
			expect(output).not.to.include('secret.person');
			expect(output).not.to.include('pii-in-query');
		});
	});

	describe('BIND_IP', () => {
		it('listens only on the configured address', async function () {
			this.timeout(60_000);
			const server = await startServer({ BIND_IP: '127.0.0.2' });
			try {
				expect(server.output()).to.match(/listening on http:\/\/127\.0\.0\.2:\d+/);
				expect((await fetch(`http://127.0.0.2:${server.port}/api/info`)).status).to.equal(200);
				let refused: unknown;
				try {
					await fetch(`http://127.0.0.1:${server.port}/api/info`);
				} catch (error) {
					refused = error;
				}
				expect((refused as { cause?: { code?: string } })?.cause?.code).to.equal('ECONNREFUSED');
			} finally {
				await server.stop();
			}
		});
	});
});
