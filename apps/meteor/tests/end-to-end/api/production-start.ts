import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { expect } from 'chai';
import supertest from 'supertest';

import { api, login, startServer, type StartedServer } from '../../data/api-data';

const run = promisify(execFile);
const REPO_ROOT = path.resolve(__dirname, '../../../../..');
const ADMIN = { username: 'prod.admin', password: 'Prod-Start-1', email: 'prod.admin@example.com' };

async function closedWithin(url: string, timeoutMs: number): Promise<boolean> {
	for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
		try {
			await fetch(`${url}/api/info`);
		} catch {
			return true;
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	return false;
}

/*
 * The README's first command, as an operator runs it: a fresh clone of this
 * commit, `npm ci --omit=dev` (no tsx, no TypeScript: the npm cache makes it
 * offline-capable here), then `npm start`, which builds the server bundle and
 * serves. Slow by nature (a full production install), so it is the only one.
 */
describe('[Production start] npm ci --omit=dev && npm start from a fresh clone', function () {
	this.timeout(15 * 60_000);

	let clone: string;
	let server: StartedServer | undefined;

	before(async () => {
		clone = await mkdtemp(path.join(os.tmpdir(), 'omni-clone-'));
		await run('git', ['clone', '--quiet', '--no-hardlinks', REPO_ROOT, clone]);
		await run('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: clone, maxBuffer: 64 * 1024 * 1024 });
	});

	after(async () => {
		await server?.stop();
		await rm(clone, { recursive: true, force: true });
	});

	it('installs no dev tools (no tsx to run TypeScript with)', () => {
		// (typescript itself arrives as a runtime dependency of @rocket.chat/core-typings' typia.)
		for (const tool of ['tsx', 'mocha', 'chai', 'supertest']) {
			expect(existsSync(path.join(clone, 'node_modules', tool)), tool).to.equal(false);
		}
	});

	it('starts with plain node on the embedded store, serves the API with the first-start admin, and stops cleanly', async () => {
		server = await startServer(
			{ TEST_MODE: '', ADMIN_USERNAME: ADMIN.username, ADMIN_PASS: ADMIN.password, ADMIN_EMAIL: ADMIN.email },
			{ command: ['npm', 'start'], cwd: clone, processGroup: true, startupTimeoutMs: 5 * 60_000 },
		);
		expect(server.output()).to.include('Building the server');
		expect(existsSync(path.join(clone, 'dist', 'server', 'main.cjs'))).to.equal(true);

		const admin = await login(ADMIN.username, ADMIN.password, server);
		const res = await supertest(server.url).post(api('omnichannel/contacts')).set(admin).send({ name: 'From a clone', emails: [], phones: [] }).expect(200);
		expect(res.body.contactId).to.match(/^[0-9a-f]{24}$/);

		const stopped = server;
		server = undefined;
		await stopped.stop();
		expect(await closedWithin(stopped.url, 15_000), 'the server process stopped').to.equal(true);
		expect(stopped.output()).to.include('SIGTERM received: finishing in-flight requests and closing the store');
		expect(stopped.output()).not.to.match(/shutdown failed|Startup failed/);
	});
});
