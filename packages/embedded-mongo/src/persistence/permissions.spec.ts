import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { expect } from 'chai';

import { openEmbeddedDatabase } from '../database';
import { makeTempDirs } from '../testing/tempDir';
import type { TestDoc } from '../testing/testDoc';

const mode = (path: string) => statSync(path).mode & 0o777;

/** Every directory and file below `dir`, with their permission bits. */
function modes(dir: string): Record<string, number> {
	const found: Record<string, number> = {};
	for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
		const path = join(entry.parentPath ?? entry.path, entry.name);
		found[path.slice(dir.length + 1)] = mode(path);
	}
	return found;
}

describe('embedded store file permissions', () => {
	const temp = makeTempDirs();
	afterEach(() => temp.cleanup());

	it('creates the data directory 0700 and every file 0600', async () => {
		const dir = join(temp.next(), 'data');
		const db = await openEmbeddedDatabase({ dir });
		await db.collection<TestDoc>('users').insertOne({ _id: 1, hash: 'secret' });
		await db.compact();
		await db.collection<TestDoc>('users').insertOne({ _id: 2 });
		expect(mode(dir)).to.equal(0o700);
		const all = modes(dir);
		expect(Object.keys(all)).to.include.members(['LOCK', 'collections', 'collections/users.snapshot']);
		for (const [path, bits] of Object.entries(all)) expect(bits, path).to.equal(path === 'collections' ? 0o700 : 0o600);
		await db.close();
	});

	it('tightens a directory and files an older version left readable by others', async () => {
		const dir = temp.next();
		mkdirSync(join(dir, 'collections'));
		writeFileSync(join(dir, 'LOCK'), '');
		chmodSync(dir, 0o755);
		chmodSync(join(dir, 'collections'), 0o755);
		chmodSync(join(dir, 'LOCK'), 0o644);
		const db = await openEmbeddedDatabase({ dir });
		expect(mode(dir)).to.equal(0o700);
		expect(mode(join(dir, 'collections'))).to.equal(0o700);
		expect(mode(join(dir, 'LOCK'))).to.equal(0o600);
		await db.close();
	});
});
