import { spawnSync } from 'node:child_process';
import { closeSync, cpSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

import { expect } from 'chai';
import { ObjectId } from 'mongodb';

import { openEmbeddedDatabase } from './database';
import { readFrames } from './persistence/frameFile';
import { journalPath, journalSequences } from './persistence/layout';
import { makeTempDirs } from './testing/tempDir';
import type { TestDoc } from './testing/testDoc';

/** Offsets just past each intact record of a journal. */
function recordEnds(path: string): number[] {
	const ends: number[] = [];
	readFrames(path, (frame) => ends.push(frame.end));
	return ends;
}

describe('embedded store persistence', () => {
	const temp = makeTempDirs();
	afterEach(() => temp.cleanup());

	/** The directory as a crash would leave it: files copied while the store is open, lock dropped. */
	const crashCopy = (dir: string) => {
		const copy = temp.next();
		cpSync(dir, copy, { recursive: true });
		rmSync(join(copy, 'LOCK'));
		return copy;
	};

	it('keeps documents, their BSON types and index definitions across close and reopen', async () => {
		const dir = temp.next();
		const ref = new ObjectId();
		const db = await openEmbeddedDatabase({ dir });
		const users = db.collection<TestDoc>('users');
		await users.createIndexes([{ key: { username: 1 }, unique: true }]);
		await users.insertOne({ _id: 'u1', username: 'ann', at: new Date(42), ref, nested: { list: [1, 'two'] } });
		await db.close();

		const reopened = await openEmbeddedDatabase({ dir });
		const found = await reopened.collection<TestDoc>('users').findOne({ _id: 'u1' });
		expect(found).to.deep.equal({ _id: 'u1', username: 'ann', at: new Date(42), ref, nested: { list: [1, 'two'] } });
		expect(found?.ref).to.be.instanceOf(ObjectId);
		const error = await reopened.collection<TestDoc>('users').insertOne({ username: 'ann' }).catch((caught) => caught);
		expect(error.code).to.equal(11000);
		await reopened.close();
	});

	it('recovers acknowledged writes from the journal without a clean close', async () => {
		const dir = temp.next();
		const db = await openEmbeddedDatabase({ dir });
		const col = db.collection<TestDoc>('things');
		await col.insertMany([{ _id: 1, n: 1 }, { _id: 2, n: 2 }, { _id: 3, n: 3 }]);
		await col.updateOne({ _id: 2 }, { $set: { n: 20 } });
		await col.deleteOne({ _id: 3 });
		const copy = crashCopy(dir);
		await db.close();

		const recovered = await openEmbeddedDatabase({ dir: copy });
		expect(await recovered.collection<TestDoc>('things').find({}).toArray()).to.deep.equal([{ _id: 1, n: 1 }, { _id: 2, n: 20 }]);
		await recovered.close();
	});

	it('compaction writes snapshots, drops covered journals and loses nothing', async () => {
		const dir = temp.next();
		const db = await openEmbeddedDatabase({ dir, compactAfterBytes: 2_000 });
		const col = db.collection<TestDoc>('things');
		for (let i = 0; i < 200; i++) await col.insertOne({ _id: i, payload: 'x'.repeat(50) });
		await col.deleteMany({ _id: { $lt: 100 } });
		await db.compact();
		expect(journalSequences(dir)).to.have.length(1);
		await col.insertOne({ _id: 'after' });
		const copy = crashCopy(dir);
		await db.close();

		const recovered = await openEmbeddedDatabase({ dir: copy });
		expect(await recovered.collection<TestDoc>('things').countDocuments({})).to.equal(101);
		expect(await recovered.collection<TestDoc>('things').countDocuments({ _id: { $lt: 100 } })).to.equal(0);
		await recovered.close();
	});

	it('a collection emptied before compaction stays empty after reopen', async () => {
		const dir = temp.next();
		const db = await openEmbeddedDatabase({ dir });
		await db.collection<TestDoc>('gone').insertOne({ _id: 1 });
		await db.compact();
		await db.collection<TestDoc>('gone').deleteOne({ _id: 1 });
		await db.close();
		const reopened = await openEmbeddedDatabase({ dir });
		expect(await reopened.collection<TestDoc>('gone').countDocuments({})).to.equal(0);
		await reopened.close();
	});

	it('tolerates a torn last journal record, cuts it off and says how many bytes it dropped', async () => {
		const dir = temp.next();
		const db = await openEmbeddedDatabase({ dir });
		await db.collection<TestDoc>('things').insertOne({ _id: 'kept' });
		const copy = crashCopy(dir);
		await db.close();
		const [sequence] = journalSequences(copy);
		const journal = journalPath(copy, sequence);
		const [intactSize] = recordEnds(journal);
		// The append was cut short where the zero-filled slack begins.
		const fd = openSync(journal, 'r+');
		writeSync(fd, Buffer.from([0xe5, 0x0d, 1, 1, 200, 0, 0, 0, 2, 0]), 0, 10, intactSize);
		closeSync(fd);

		const warnings: string[] = [];
		const recovered = await openEmbeddedDatabase({ dir: copy, onWarning: (message) => warnings.push(message) });
		expect(await recovered.collection<TestDoc>('things').find({}).toArray()).to.deep.equal([{ _id: 'kept' }]);
		expect(statSync(journal).size).to.equal(intactSize);
		expect(warnings).to.have.length(1);
		expect(warnings[0]).to.contain(`cut off a torn last write of 9 byte(s) at byte ${intactSize}`);
		await recovered.close();
	});

	it('refuses to open over a damaged record in the middle of a journal', async () => {
		const dir = temp.next();
		const db = await openEmbeddedDatabase({ dir });
		await db.collection<TestDoc>('things').insertOne({ _id: 1 });
		await db.collection<TestDoc>('things').insertOne({ _id: 2 });
		const copy = crashCopy(dir);
		await db.close();
		const journal = journalPath(copy, journalSequences(copy)[0]);
		const bytes = readFileSync(journal);
		bytes[25] ^= 0xff;
		writeFileSync(journal, bytes);
		const error = await openEmbeddedDatabase({ dir: copy }).catch((caught) => caught);
		expect(error.name).to.equal('DataDirectoryDamagedError');
		expect(error.message).to.contain(`${journal} at byte 0: checksum mismatch`);
		expect(error.message).to.contain(`npm run store:repair -- --data-dir ${copy}`);
	});

	it('a transaction is journaled on commit only, and an aborted one leaves no trace', async () => {
		const dir = temp.next();
		const db = await openEmbeddedDatabase({ dir });
		const a = db.collection<TestDoc>('a');
		const b = db.collection<TestDoc>('b');
		await db.withTransaction(async (session) => {
			await a.insertOne({ _id: 'committed' }, { session });
			await b.insertOne({ _id: 'committed' }, { session });
		});
		await db
			.withTransaction(async (session) => {
				await a.insertOne({ _id: 'aborted' }, { session });
				throw new Error('abort');
			})
			.catch(() => undefined);
		const copy = crashCopy(dir);
		await db.close();
		expect(recordEnds(journalPath(copy, journalSequences(copy)[0]))).to.have.length(1);
		const recovered = await openEmbeddedDatabase({ dir: copy });
		expect(await recovered.collection<TestDoc>('a').find({}).toArray()).to.deep.equal([{ _id: 'committed' }]);
		expect(await recovered.collection<TestDoc>('b').find({}).toArray()).to.deep.equal([{ _id: 'committed' }]);
		await recovered.close();
	});

	it('with durable: false, writes still reach disk by close', async () => {
		const dir = temp.next();
		const db = await openEmbeddedDatabase({ dir, durable: false });
		await db.collection<TestDoc>('things').insertMany([{ _id: 1 }, { _id: 2 }]);
		await db.close();
		const reopened = await openEmbeddedDatabase({ dir });
		expect(await reopened.collection<TestDoc>('things').countDocuments({})).to.equal(2);
		await reopened.close();
	});

	it('a second open of a locked directory fails with a clear error', async () => {
		const dir = temp.next();
		const db = await openEmbeddedDatabase({ dir });
		const error = await openEmbeddedDatabase({ dir }).catch((caught) => caught);
		expect(error.message).to.equal(`data directory ${dir} is locked by process ${process.pid} (this process)`);
		await db.close();
		const again = await openEmbeddedDatabase({ dir });
		await again.close();
	});

	it('takes over a lock left by a process that no longer runs', async () => {
		const dir = temp.next();
		const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
		writeFileSync(join(dir, 'LOCK'), dead.stdout);
		const db = await openEmbeddedDatabase({ dir });
		expect(readFileSync(join(dir, 'LOCK'), 'utf8')).to.equal(String(process.pid));
		await db.close();
	});

	it('is not blocked by a LOCK file naming this very pid (a restarted PID 1 in a container)', async () => {
		const dir = temp.next();
		writeFileSync(join(dir, 'LOCK'), String(process.pid));
		const db = await openEmbeddedDatabase({ dir });
		await db.close();
	});

	it('builds loaded non-unique indexes in the background, keeping writes made meanwhile', async () => {
		const dir = temp.next();
		const db = await openEmbeddedDatabase({ dir, durable: false });
		const col = db.collection<TestDoc>('big');
		await col.createIndexes([{ key: { group: 1 } }, { key: { code: 1 }, unique: true }]);
		await col.insertMany(Array.from({ length: 12_000 }, (_, i) => ({ _id: i, group: i % 3, code: `c${i}` })));
		await db.close();

		const reopened = await openEmbeddedDatabase({ dir });
		const big = reopened.collection<TestDoc>('big');
		expect(big.explain({ group: 1 }).index).to.equal(null);
		expect(big.explain({ code: 'c5' }).index).to.equal('code_1');
		await big.insertOne({ _id: 'new', group: 1, code: 'new' });
		await big.updateOne({ _id: 1 }, { $set: { group: 2 } });
		await big.updateOne({ _id: 11_998 }, { $set: { group: 0 } });
		await big.deleteOne({ _id: 11_995 });
		await reopened.whenIndexesBuilt();
		expect(big.explain({ group: 1 }).index).to.equal('group_1');
		const ids = (await big.find({ group: 1 }).toArray()).map((doc) => doc._id);
		expect(ids).to.have.length(4_000 - 1 - 1 - 1 + 1);
		expect(ids).to.include('new');
		expect(ids).to.not.include.members([1, 11_998, 11_995]);
		await reopened.close();
	});

	it('renumbers slots after mass deletion without losing index entries or order', async () => {
		const db = await openEmbeddedDatabase();
		const col = db.collection<TestDoc>('sparse');
		await col.createIndexes([{ key: { tag: 1 } }, { key: { name: 1 }, substring: true } as never]);
		await col.insertMany(Array.from({ length: 3_000 }, (_, i) => ({ _id: i, tag: i % 2 ? 'odd' : 'even', name: `name ${i}` })));
		await col.deleteMany({ _id: { $lt: 2_500 } });
		expect(col.explain({ tag: 'odd' }).candidates).to.equal(250);
		expect((await col.find({ tag: 'odd' }).limit(2).toArray()).map((doc) => doc._id)).to.deep.equal([2_501, 2_503]);
		expect((await col.find({ name: /name 29/i }).toArray()).map((doc) => doc._id)).to.have.length(100);
	});

	it('in-memory mode (no directory) writes nothing and needs no close', async () => {
		const db = await openEmbeddedDatabase();
		await db.collection<TestDoc>('things').insertOne({ _id: 1 });
		expect(await db.collection<TestDoc>('things').countDocuments({})).to.equal(1);
	});
});
