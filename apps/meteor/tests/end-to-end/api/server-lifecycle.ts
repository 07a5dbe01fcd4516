import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { expect } from 'chai';

import { api, login, startServer, STARTUP_TIMEOUT_MS, STOP_TIMEOUT_MS, TEST_ADMIN, type Credentials, type StartedServer } from '../../data/api-data';

/** A test's time limit from the servers it starts and stops: a loaded box takes 12–27 s per start. */
const lifecycleTimeout = (starts: number, stops: number) => starts * STARTUP_TIMEOUT_MS + stops * STOP_TIMEOUT_MS;

async function createContact(server: StartedServer, auth: Credentials, name: string): Promise<Response> {
	return fetch(`${server.url}${api('omnichannel/contacts')}`, {
		method: 'POST',
		headers: { ...auth, 'Content-Type': 'application/json' },
		body: JSON.stringify({ name, emails: [], phones: [] }),
	});
}

describe('[Server lifecycle] startup and graceful shutdown', () => {
	let dataDir: string;

	before(async () => {
		dataDir = await mkdtemp(path.join(os.tmpdir(), 'omni-lifecycle-'));
	});

	after(() => rm(dataDir, { recursive: true, force: true }));

	it('prints the URL, answers in-flight requests on SIGTERM, exits 0 and keeps every acknowledged write', async function () {
		this.timeout(lifecycleTimeout(2, 2));
		const first = await startServer({ DATA_DIR: dataDir });
		expect(first.output()).to.match(/Server listening on http:\/\/localhost:\d+/);
		const auth = await login(TEST_ADMIN, TEST_ADMIN, first);

		const inFlight = Array.from({ length: 30 }, (_, i) =>
			createContact(first, auth, `In flight ${i}`).then(
				async (res) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> }),
				(error: Error) => ({ status: 0, body: { error: error.message } as Record<string, unknown> }),
			),
		);
		await new Promise((resolve) => setTimeout(resolve, 5));
		await first.kill('SIGTERM');
		const answers = await Promise.all(inFlight);

		expect(first.process.exitCode, first.output()).to.equal(0);
		expect(first.output()).to.include('SIGTERM received');
		// Requests the server had read are answered; connections still waiting to be accepted are reset, never half-answered.
		for (const answer of answers) {
			expect([200, 0], JSON.stringify(answer)).to.include(answer.status);
		}
		const acknowledged = answers.filter((answer) => answer.status === 200).map((answer) => answer.body.contactId as string);
		expect(acknowledged.length).to.be.greaterThan(0);

		const second = await startServer({ DATA_DIR: dataDir });
		try {
			const secondAuth = await login(TEST_ADMIN, TEST_ADMIN, second);
			for (const contactId of acknowledged) {
				const res = await fetch(`${second.url}${api('omnichannel/contacts.get')}?contactId=${contactId}`, { headers: secondAuth });
				expect(res.status, contactId).to.equal(200);
			}
		} finally {
			await second.stop();
		}
		expect(second.process.exitCode).to.equal(0);
	});

	it('exits 0 on SIGINT too', async function () {
		this.timeout(lifecycleTimeout(1, 1));
		const server = await startServer({ DATA_DIR: dataDir });
		await server.kill('SIGINT');
		expect(server.process.exitCode).to.equal(0);
		expect(server.output()).to.include('SIGINT received');
	});

	it('refuses to start a second server on a data directory in use, with a clear message', async function () {
		this.timeout(lifecycleTimeout(2, 2));
		const running = await startServer({ DATA_DIR: dataDir });
		try {
			let failure: Error | undefined;
			try {
				const second = await startServer({ DATA_DIR: dataDir });
				await second.stop();
			} catch (error) {
				failure = error as Error;
			}
			expect(failure?.message).to.match(/Startup failed: .*locked/);
		} finally {
			await running.stop();
		}
	});
});
