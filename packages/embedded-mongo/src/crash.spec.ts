import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

import { expect } from 'chai';

import { openEmbeddedDatabase } from './database';
import { hostileExtra } from './testing/hostileData';
import { makeTempDirs } from './testing/tempDir';
import type { TestDoc } from './testing/testDoc';

const WRITER = join(__dirname, 'testing', 'crashWriter.ts');

/** Starts the writer child; resolves with it once it printed READY, collecting complete stdout lines. */
function startWriter(dir: string, mode = 'insert'): Promise<{ child: ChildProcess; lines: string[]; exited: Promise<number | null> }> {
	const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dir, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
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
});
