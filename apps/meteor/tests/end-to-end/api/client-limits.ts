import { expect } from 'chai';
import type supertest from 'supertest';

import { api, createUser, startServer, useProductionLikeServer, type Credentials, type StartedServer, type TestUser } from '../../data/api-data';
import { connect, readResponse, requestHead, residentMiB, waitForClose } from '../../data/rawHttp';

const ADMIN = { username: 'limits.admin', password: 'limits-admin-pass', email: 'limits.admin@example.com' };

/** Runs `count` calls of `task`, `concurrency` at a time. */
async function runPool(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < count) {
			await task(next++);
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
}

/** A distinct, valid IPv4 address per index (documentation and benchmarking ranges are not needed: it never leaves the test). */
function addressFor(index: number): string {
	return `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`;
}

describe('[Client limits] no client can exhaust the server', () => {
	describe('rate limiter keys (X-Real-IP without a trusted proxy)', () => {
		const prod = useProductionLikeServer(ADMIN);
		let client: ReturnType<typeof supertest>;
		let user: TestUser;

		before(async () => {
			client = prod.client;
			user = await createUser({ roles: ['user'] }, prod.server, prod.admin);
		});

		it('ignores X-Real-IP and X-Forwarded-For from a client that is not a trusted proxy: spoofing opens no new window', async () => {
			for (let call = 1; call <= 10; call++) {
				await client
					.get(api('me'))
					.set(user.credentials)
					.set('X-Real-IP', addressFor(call))
					.set('X-Forwarded-For', addressFor(call + 100))
					.expect(200);
			}
			const refused = await client.get(api('me')).set(user.credentials).set('X-Real-IP', addressFor(11)).expect(429);
			expect(refused.body.error).to.match(/\[error-too-many-requests\]$/);
		});
	});

	describe('rate limiter memory behind a trusted proxy', () => {
		const prod = useProductionLikeServer(ADMIN, { TRUSTED_PROXIES: 'loopback', RATE_LIMITER_MAX_ENTRIES: '1000' });
		let server: StartedServer;
		let client: ReturnType<typeof supertest>;
		let user: TestUser;

		before(async () => {
			({ server, client } = prod);
			user = await createUser({ roles: ['user'] }, server, prod.admin);
		});

		it('stays bounded under 15,000 spoofed addresses (valid and 15 KB garbage), forgetting the oldest windows', async function () {
			this.timeout(180_000);
			const first = addressFor(0);
			for (let call = 1; call <= 5; call++) {
				await client.get(api('me')).set(user.credentials).set('X-Real-IP', first).expect(200);
			}
			const garbage = 'x'.repeat(15 * 1024);
			const headers = { ...user.credentials };
			const before = await residentMiB(server.process.pid);
			await runPool(15_000, 20, async (index) => {
				// Every tenth address is 15 KB of garbage: it is not an address, so the proxy's own window counts it.
				const realIp = index % 10 === 9 ? `${garbage}${index}` : addressFor(index + 1);
				const res = await fetch(`${server.url}${api('me')}`, { headers: { ...headers, 'X-Real-IP': realIp } });
				await res.arrayBuffer();
				expect([200, 429]).to.include(res.status);
			});
			const after = await residentMiB(server.process.pid);
			if (before !== undefined && after !== undefined) {
				// Before the fix: ~15 MiB per 1,000 such requests, never given back.
				expect(after - before, `RSS ${before.toFixed(0)} → ${after.toFixed(0)} MiB`).to.be.below(96);
			}
			// The first address's window (5 calls) was opened longest ago, so it was forgotten: a new window starts.
			const again = await client.get(api('me')).set(user.credentials).set('X-Real-IP', first).expect(200);
			expect(again.headers['x-ratelimit-remaining']).to.equal('9');
		});
	});

	describe('bodies are not read for nobody', () => {
		const prod = useProductionLikeServer(ADMIN);
		let server: StartedServer;
		let client: ReturnType<typeof supertest>;
		let admin: Credentials;

		before(() => {
			({ server, client, admin } = prod);
		});

		it('answers 401 to a caller without credentials announcing 47.5 MiB before the body arrives, and closes the connection soon after', async () => {
			const socket = await connect(server.url);
			socket.write(requestHead('POST', api('omnichannel/contacts'), { 'Content-Type': 'application/json', 'Content-Length': String(47.5 * 1024 * 1024) }));
			socket.write('{"name":"');
			const res = await readResponse(socket);
			expect(res.status).to.equal(401);
			expect(JSON.parse(res.body)).to.deep.equal({
				success: false,
				error: 'You must be logged in to do this.',
				status: 'error',
				message: 'You must be logged in to do this.',
			});
			// The rest of the body never comes: the connection is cut a short while after the answer.
			await waitForClose(socket, 10_000);
		});

		it('keeps memory flat under ten concurrent 47.5 MiB bodies without credentials', async function () {
			this.timeout(60_000);
			const before = await residentMiB(server.process.pid);
			const chunk = Buffer.alloc(1024 * 1024, 'a');
			const statuses = await Promise.all(
				Array.from({ length: 10 }, async () => {
					const socket = await connect(server.url);
					socket.on('error', () => undefined);
					socket.write(requestHead('POST', api('omnichannel/contacts'), { 'Content-Type': 'application/json', 'Content-Length': String(47.5 * 1024 * 1024) }));
					const response = readResponse(socket);
					// Keep sending until the server has answered: it must not wait for (or keep) the rest.
					for (let sent = 0; sent < 8 && !socket.destroyed; sent++) {
						socket.write(chunk);
					}
					const { status } = await response;
					socket.destroy();
					return status;
				}),
			);
			expect(statuses).to.deep.equal(Array(10).fill(401));
			const after = await residentMiB(server.process.pid);
			if (before !== undefined && after !== undefined) {
				// Before the fix every body was buffered: RSS grew by ~840 MiB.
				expect(after - before, `RSS ${before.toFixed(0)} → ${after.toFixed(0)} MiB`).to.be.below(64);
			}
		});

		it('refuses an authenticated body over the 1 MiB default BODY_LIMIT with 413, and takes one under it', async () => {
			const big = { name: 'x', emails: [], phones: [], customFields: { note: 'n'.repeat(1024 * 1024) } };
			const res = await client.post(api('omnichannel/contacts')).set(admin).send(big).expect(413);
			expect(res.body).to.deep.equal({ success: false, error: 'Request body is too large [error-payload-too-large]', errorType: 'error-payload-too-large' });
			await client.post(api('omnichannel/contacts')).set(admin).send({ name: 'small', emails: [], phones: [] }).expect(200);
		});

		it('still validates a typed route before authentication, but reads at most 16 KiB from an unauthenticated caller', async () => {
			const invalid = await client.post(api('omnichannel/contacts.delete')).send({}).expect(400);
			expect(invalid.body).to.deep.equal({ success: false, errorType: 'invalid-params', error: "must have required property 'contactId'" });
			await client.post(api('omnichannel/contacts.delete')).send({ contactId: 'x' }).expect(401);
			const large = await client.post(api('omnichannel/contacts.delete')).send({ contactId: 'x', pad: 'p'.repeat(17 * 1024) }).expect(413);
			expect(large.body.errorType).to.equal('error-payload-too-large');
		});
	});

	describe('slow and idle clients are cut off', () => {
		let server: StartedServer;

		before(async function () {
			this.timeout(60_000);
			server = await startServer({ HTTP_REQUEST_TIMEOUT_MS: '1500', HTTP_HEADERS_TIMEOUT_MS: '1000', HTTP_KEEP_ALIVE_TIMEOUT_MS: '1000' });
		});

		after(() => server?.stop());

		it('answers a body that does not arrive in time with a JSON 408 and closes the connection', async () => {
			const socket = await connect(server.url);
			socket.write(requestHead('POST', api('login'), { 'Content-Type': 'application/json', 'Content-Length': '100' }));
			socket.write('{"user":');
			const started = Date.now();
			const res = await readResponse(socket, 10_000);
			expect(res.status).to.equal(408);
			expect(JSON.parse(res.body)).to.deep.equal({
				success: false,
				error: 'The request took too long to arrive [error-request-timeout]',
				errorType: 'error-request-timeout',
			});
			expect(res.headers['content-type']).to.equal('application/json');
			await waitForClose(socket);
			expect(Date.now() - started).to.be.below(8_000);
		});

		it('closes a connection whose headers never finish', async () => {
			const socket = await connect(server.url);
			socket.write('GET /api/info HTTP/1.1\r\nHost: x\r\nX-Slow: ');
			const res = await readResponse(socket, 10_000);
			expect(res.status).to.equal(408);
			await waitForClose(socket);
		});

		it('closes an idle keep-alive connection after HTTP_KEEP_ALIVE_TIMEOUT_MS', async () => {
			const socket = await connect(server.url);
			socket.write(requestHead('GET', '/api/info'));
			expect((await readResponse(socket)).status).to.equal(200);
			await waitForClose(socket, 8_000);
		});
	});

	describe('connections per client address', () => {
		let server: StartedServer;

		before(async function () {
			this.timeout(60_000);
			server = await startServer({ MAX_CONNECTIONS_PER_IP: '5' });
		});

		after(() => server?.stop());

		it('answers a request on a connection over MAX_CONNECTIONS_PER_IP with a JSON 429 and closes it; a freed slot is usable again', async () => {
			const held = await Promise.all(Array.from({ length: 5 }, () => connect(server.url)));
			try {
				const extra = await connect(server.url);
				extra.write(requestHead('GET', '/api/info'));
				const refused = await readResponse(extra);
				expect(refused.status).to.equal(429);
				expect(JSON.parse(refused.body)).to.deep.equal({
					success: false,
					error: 'Too many open connections from this address [error-too-many-connections]',
					errorType: 'error-too-many-connections',
				});
				await waitForClose(extra);

				held[0].write(requestHead('GET', '/api/info'));
				expect((await readResponse(held[0])).status).to.equal(200);

				const closed = held.shift()!;
				closed.destroy();
				await new Promise((resolve) => setTimeout(resolve, 100));
				const next = await connect(server.url);
				held.push(next);
				next.write(requestHead('GET', '/api/info'));
				expect((await readResponse(next)).status).to.equal(200);
			} finally {
				held.forEach((socket) => socket.destroy());
			}
		});
	});
});
