import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { expect } from 'chai';

import { openEmbeddedDatabase } from './database';
import { hostileExtra } from './testing/hostileData';
import { makeTempDirs } from './testing/tempDir';
import type { TestDoc } from './testing/testDoc';

const WRITER = join(__dirname, 'testing', 'crashWriter.ts');

/** Starts the writer child (through `wrapper`, e.g. unshare); resolves with it once it printed READY, collecting complete stdout lines. */
function startWriter(dir: string, mode = 'insert', wrapper: string[] = []): Promise<{ child: ChildProcess; lines: string[]; exited: Promise<number | null> }> {
	const command = [...wrapper, process.execPath, '--import', 'tsx', WRITER, dir, mode];
	const child = spawn(command[0], command.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
	const lines: string[] = [];
	let partial = '';
	const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
	return new Promise((resolve, reject) => {
		child.stdout?.setEncoding('utf8');
		child.stdout?.on('data', (chunk: string) => {
			const parts = (partial + chunk).split('\n');
			partial = parts.pop() ?? '';
			for (const line of parts) {
				if (line === 'READY') resolve({ child, lines, exited });
				else lines.push(line);
			}
		});
		void exited.then((code) => reject(new Error(`writer exited early (${code}): ${lines.join(' | ')}`)));
	});
}

describe('embedded store crash safety', function () {
	this.timeout(60_000);
	const temp = makeTempDirs();
	afterEach(() => temp.cleanup());

	it('after SIGKILL mid-write, reopening finds every acknowledged insert intact, EJSON-looking data included', async () => {
		const dir = temp.next();
		const { child, lines, exited } = await startWriter(dir);
		await new Promise((resolve) => setTimeout(resolve, 1000));
		child.kill('SIGKILL');
		await exited;
		const acknowledged = [...lines];
		expect(acknowledged.length).to.be.greaterThan(100);

		const db = await openEmbeddedDatabase({ dir });
		try {
			const col = db.collection<{ _id: string; writer: number; n: number; payload: string; at: Date; extra: object }>('crash');
			const stored = new Map((await col.find({}).toArray()).map((doc) => [doc._id, doc]));
			const missing = acknowledged.filter((id) => !stored.has(id));
			expect(missing).to.deep.equal([]);
			for (const doc of stored.values()) {
				expect(doc.payload).to.equal(`payload-${doc._id}`.repeat(4));
				expect(doc._id).to.equal(`w${doc.writer}-${doc.n}`);
				expect(doc.at).to.be.instanceOf(Date);
				expect(doc.at.getTime()).to.equal(doc.n);
				expect(doc.extra).to.deep.equal(hostileExtra(doc.n));
			}
			await col.insertOne({ _id: 'after-crash', writer: -1, n: 0, payload: '', at: new Date(), extra: {} });
		} finally {
			await db.close();
		}
		const reopened = await openEmbeddedDatabase({ dir });
		expect(await reopened.collection<TestDoc>('crash').countDocuments({ _id: 'after-crash' })).to.equal(1);
		await reopened.close();
	});

	it('a SIGKILL in the middle of transactions leaves each one all or nothing, every acknowledged one complete', async () => {
		const dir = temp.next();
		const { child, lines, exited } = await startWriter(dir, 'transactions');
		await new Promise((resolve) => setTimeout(resolve, 2000));
		child.kill('SIGKILL');
		await exited;
		const acknowledged = [...lines];
		expect(acknowledged.length).to.be.greaterThan(5);
		const db = await openEmbeddedDatabase({ dir });
		try {
			const inA = (await db.collection<TestDoc>('a').find({}).toArray()).map((doc) => doc._id).sort();
			const inB = (await db.collection<TestDoc>('b').find({}).toArray()).map((doc) => doc._id).sort();
			expect(inA).to.deep.equal(inB);
			expect(inA).to.include.members(acknowledged);
			expect((await db.collection<TestDoc>('counter').findOne({ _id: 'n' }))?.n).to.equal(inA.length);
		} finally {
			await db.close();
		}
	});

	it('a second process gets a clear error while the directory is open, and succeeds after a crash', async () => {
		const dir = temp.next();
		const holder = await startWriter(dir, 'hold');
		try {
			const second = await startWriter(dir).catch((error: Error) => error);
			expect(second).to.be.instanceOf(Error);
			expect((second as Error).message).to.contain(`OPEN FAILED: data directory ${dir} is locked by process ${holder.child.pid}`);
		} finally {
			holder.child.kill('SIGKILL');
			await holder.exited;
		}
		const db = await openEmbeddedDatabase({ dir });
		await db.close();
	});

	it('an immediate restart after SIGKILL gets the lock, every time', async () => {
		const dir = temp.next();
		let holder = await startWriter(dir, 'hold');
		for (let round = 0; round < 3; round++) {
			holder.child.kill('SIGKILL');
			// No waiting for the old process to be reaped: the kernel drops its lock as it dies.
			holder = await startWriter(dir, 'hold');
		}
		holder.child.kill('SIGKILL');
		await holder.exited;
	});

	it('restarts after a SIGKILL as PID 1 of a new PID namespace (as in a container)', async function () {
		const wrapper = unshareCommand();
		if (!wrapper) {
			this.skip(); // unshare(1) is missing or not permitted here (needs root or unprivileged user namespaces)
			return;
		}
		const dir = temp.next();
		let holder = await startWriter(dir, 'hold', wrapper);
		for (let round = 0; round < 2; round++) {
			expect(readFileSync(`${dir}/LOCK`, 'utf8')).to.equal('1');
			process.kill(namespaceInit(holder.child.pid as number), 'SIGKILL');
			holder = await startWriter(dir, 'hold', wrapper);
		}
		process.kill(namespaceInit(holder.child.pid as number), 'SIGKILL');
		await holder.exited;
	});
});

/** The unshare(1) prefix that runs a command as PID 1 of a new PID namespace here, or null. */
function unshareCommand(): string[] | null {
	for (const command of [
		['unshare', '--pid', '--fork', '--mount-proc'],
		['unshare', '--user', '--map-root-user', '--pid', '--fork', '--mount-proc'],
	]) {
		const probe = spawnSync(command[0], [...command.slice(1), 'true'], { stdio: 'ignore' });
		if (probe.status === 0) return command;
	}
	console.log('      (skipped: unshare --pid is not permitted on this machine)');
	return null;
}

/** Host pid of the process unshare forked (PID 1 inside the namespace). */
function namespaceInit(unsharePid: number): number {
	const children = readFileSync(`/proc/${unsharePid}/task/${unsharePid}/children`, 'utf8').trim().split(/\s+/);
	return Number(children[0]);
}
