import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { expect } from 'chai';
import type { ChangeStreamDocument } from 'mongodb';

import { openEmbeddedDatabase } from '../database';
import { faultyIo } from '../testing/faultyIo';
import { makeTempDirs } from '../testing/tempDir';
import type { TestDoc } from '../testing/testDoc';

describe('embedded store when the disk fails (ENOSPC, EIO)', function () {
	this.timeout(20_000);
	const temp = makeTempDirs();
	afterEach(() => temp.cleanup());

	async function open() {
		const dir = temp.next();
		const io = faultyIo();
		const warnings: string[] = [];
		const db = await openEmbeddedDatabase({ dir, io, onWarning: (message) => warnings.push(message) });
		return { dir, io, db, warnings, col: db.collection<TestDoc>('contacts') };
	}

	it('rejects the write with a StoreUnavailableError carrying the errno code, and logs it', async () => {
		const { io, db, col, warnings } = await open();
		io.failWith('ENOSPC');
		const error = await col.insertOne({ _id: 'lost' }).catch((caught) => caught);
		expect(error).to.be.instanceOf(Error);
		expect(error.name).to.equal('StoreUnavailableError');
		expect(error.code).to.equal('ENOSPC');
		expect(error.message).to.equal('storage unavailable: ENOSPC: no space left on device, write');
		expect(error.cause.code).to.equal('ENOSPC');
		expect(warnings.join('\n')).to.match(/journal write failed \(ENOSPC/);
		io.heal();
		await db.close();
	});

	it('leaves no phantom: failed inserts, updates and deletes are undone, and watchers never hear of them', async () => {
		const { io, db, col } = await open();
		await col.insertMany([{ _id: 'kept', n: 1 }, { _id: 'doomed', n: 1 }]);
		const events: ChangeStreamDocument[] = [];
		const stream = col.watch();
		stream.on('change', (event: ChangeStreamDocument) => events.push(event));
		io.failWith('ENOSPC');
		const results = await Promise.allSettled([
			col.insertOne({ _id: 'phantom', n: 1 }),
			col.updateOne({ _id: 'kept' }, { $set: { n: 2 } }),
			col.updateOne({ _id: 'kept' }, { $inc: { n: 10 } }),
			col.deleteOne({ _id: 'doomed' }),
		]);
		expect(results.map((result) => result.status)).to.deep.equal(['rejected', 'rejected', 'rejected', 'rejected']);
		expect(await col.find({}).toArray()).to.deep.equal([{ _id: 'kept', n: 1 }, { _id: 'doomed', n: 1 }]);
		expect(await col.countDocuments({ _id: 'phantom' })).to.equal(0);
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(events).to.deep.equal([]);
		io.heal();
		await stream.close();
		await db.close();
	});

	it('recovers by itself once writes succeed again; acknowledged data is intact after a restart', async () => {
		const { dir, io, db, col } = await open();
		await col.insertOne({ _id: 'before', n: 1 });
		io.failWith('EIO', ['datasync']);
		// The bytes reach the file but the fsync fails: the next write must overwrite them.
		await col.insertOne({ _id: 'rejected', payload: 'x'.repeat(5000) }).catch(() => undefined);
		io.heal();
		await col.insertOne({ _id: 'after', n: 2 });
		await col.updateOne({ _id: 'before' }, { $set: { n: 3 } });
		const crashed = temp.next();
		cpSync(dir, crashed, { recursive: true });
		rmSync(join(crashed, 'LOCK'));
		await db.close();

		for (const copy of [dir, crashed]) {
			const reopened = await openEmbeddedDatabase({ dir: copy });
			expect(await reopened.collection<TestDoc>('contacts').find({}).toArray()).to.deep.equal([{ _id: 'before', n: 3 }, { _id: 'after', n: 2 }]);
			await reopened.close();
		}
	});

	it('a failed batch also fails the writes queued behind it, newest undone first', async () => {
		const { io, db, col } = await open();
		await col.insertOne({ _id: 'a', n: 0 });
		io.failWith('ENOSPC');
		const writes = Array.from({ length: 20 }, (_, n) => col.updateOne({ _id: 'a' }, { $set: { n: n + 1 } }));
		const settled = await Promise.allSettled(writes);
		expect(settled.every((result) => result.status === 'rejected')).to.equal(true);
		expect(await col.findOne({ _id: 'a' })).to.deep.equal({ _id: 'a', n: 0 });
		io.heal();
		await col.updateOne({ _id: 'a' }, { $set: { n: 99 } });
		expect(await col.findOne({ _id: 'a' })).to.deep.equal({ _id: 'a', n: 99 });
		await db.close();
	});
});
