import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { expect } from 'chai';

import { openEmbeddedDatabase } from '../database';
import { makeTempDirs } from '../testing/tempDir';
import { FrameKind, type FrameMeta } from './frame';
import { readFrames } from './frameFile';
import { journalPath, journalSequences, snapshotPath } from './layout';
import { repairDirectory } from './repair';

interface Contact {
	_id: string;
	n: number;
	emails: { address: string }[];
	at: Date;
}

const contact = (n: number): Contact => ({ _id: `c${n}`, n, emails: [{ address: `contact${n}@example.com` }], at: new Date(n) });

function framesOf(path: string): FrameMeta[] {
	const frames: FrameMeta[] = [];
	readFrames(path, (frame) => frames.push(frame));
	return frames;
}

function overwrite(path: string, offset: number, bytes: Buffer): void {
	const content = readFileSync(path);
	bytes.copy(content, offset);
	writeFileSync(path, content);
}

describe('embedded store damage detection and repair', function () {
	this.timeout(30_000);
	const temp = makeTempDirs();
	afterEach(() => temp.cleanup());

	/** 200 acknowledged creates; with `snapshot`, compacted into a snapshot first. Returns a crash copy of the directory. */
	async function acknowledged(snapshot: boolean): Promise<string> {
		const dir = temp.next();
		const db = await openEmbeddedDatabase({ dir });
		const col = db.collection<Contact>('contacts');
		for (let n = 0; n < 200; n++) await col.insertOne(contact(n));
		if (snapshot) await db.compact();
		const copy = temp.next();
		cpSync(dir, copy, { recursive: true });
		rmSync(join(copy, 'LOCK'), { force: true });
		await db.close();
		return copy;
	}

	const openError = (dir: string) => openEmbeddedDatabase({ dir, onWarning: () => undefined }).then(
		(db) => db.close().then(() => null),
		(error: Error & { file?: string; offset?: number }) => error,
	);

	/** Repairs `dir`, reopens it and checks that every document left is intact; returns how many are left. */
	async function repairAndCount(dir: string): Promise<number> {
		const report = await repairDirectory(dir);
		expect(report.damaged).to.equal(true);
		expect(report.files.some((file) => file.dropped.length > 0)).to.equal(true);
		expect(readdirSync(report.backupDir as string).length).to.be.greaterThan(0);
		const db = await openEmbeddedDatabase({ dir });
		const docs = await db.collection<Contact>('contacts').find({}).toArray();
		for (const doc of docs) expect(doc).to.deep.equal(contact(doc.n));
		await db.close();
		return docs.length;
	}

	it('a zeroed 4 KiB region in the middle of the journal stops the start with file, offset and the repair command', async () => {
		const dir = await acknowledged(false);
		const journal = journalPath(dir, journalSequences(dir)[0]);
		overwrite(journal, 8192, Buffer.alloc(4096));
		const error = await openError(dir);
		expect(error?.name).to.equal('DataDirectoryDamagedError');
		expect(error?.file).to.equal(journal);
		expect(error?.offset).to.be.within(8192 - 200, 8192);
		expect(error?.message).to.contain(`npm run store:repair -- --data-dir ${dir}`);
		const left = await repairAndCount(dir);
		expect(left).to.be.within(150, 199);
	});

	it('zeroed bytes where a journal record starts are not read as the end of the data', async () => {
		const dir = await acknowledged(false);
		const journal = journalPath(dir, journalSequences(dir)[0]);
		const frames = framesOf(journal);
		overwrite(journal, frames[50].offset, Buffer.alloc(20));
		const error = await openError(dir);
		expect(error?.offset).to.equal(frames[50].offset);
		expect(await repairAndCount(dir)).to.equal(199);
	});

	it('a zeroed region where a snapshot record starts stops the start; repair keeps all other documents', async () => {
		const dir = await acknowledged(true);
		const snapshot = snapshotPath(dir, 'contacts');
		const frames = framesOf(snapshot);
		expect(frames.filter((frame) => frame.kind === FrameKind.Document)).to.have.length(200);
		overwrite(snapshot, frames[100].offset, Buffer.alloc(64));
		const error = await openError(dir);
		expect(error?.file).to.equal(snapshot);
		expect(error?.offset).to.equal(frames[100].offset);
		expect(await repairAndCount(dir)).to.equal(199);
	});

	it('a flipped byte in an email is detected, never served altered', async () => {
		const dir = await acknowledged(true);
		const snapshot = snapshotPath(dir, 'contacts');
		const content = readFileSync(snapshot);
		const at = content.indexOf('contact123@example.com');
		content[at + 3] ^= 0x01;
		writeFileSync(snapshot, content);
		const error = await openError(dir);
		expect(error?.message).to.contain('checksum mismatch');
		expect(await repairAndCount(dir)).to.equal(199);
	});

	it('an emptied or truncated snapshot stops the start', async () => {
		const dir = await acknowledged(true);
		const snapshot = snapshotPath(dir, 'contacts');
		const size = readFileSync(snapshot).length;
		truncateSync(snapshot, Math.floor(size / 2));
		const truncated = await openError(dir);
		expect(truncated?.message, truncated?.message).to.match(/cut.off|without its footer/);
		truncateSync(snapshot, 0);
		expect((await openError(dir))?.message).to.contain('empty snapshot');
	});

	it('damage in a journal that is not the newest stops the start even at its end', async () => {
		const dir = await acknowledged(false);
		const db = await openEmbeddedDatabase({ dir });
		await db.collection<Contact>('contacts').insertOne(contact(500));
		await db.close();
		const [older] = journalSequences(dir);
		const journal = journalPath(dir, older);
		const frames = framesOf(journal);
		truncateSync(journal, frames.at(-1)!.end - 5);
		expect((await openError(dir))?.message).to.contain('in a journal that is not the newest');
	});

	it('npm run store:repair salvages a directory from the command line and reports what it dropped', async () => {
		const dir = await acknowledged(false);
		const journal = journalPath(dir, journalSequences(dir)[0]);
		overwrite(journal, 4000, Buffer.from('garbage'));
		const result = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'cli', 'repair.ts'), '--data-dir', dir], { encoding: 'utf8' });
		expect(result.status, result.stderr).to.equal(0);
		expect(result.stdout).to.match(/dropped at byte \d+: \d+ byte\(s\), damaged bytes/);
		expect(result.stdout).to.contain('collection contacts: 199 document(s)');
		const again = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'cli', 'repair.ts'), '--data-dir', dir], { encoding: 'utf8' });
		expect(again.stdout).to.contain('no damage found');
	});
});
