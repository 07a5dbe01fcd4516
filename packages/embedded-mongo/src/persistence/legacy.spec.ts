import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { expect } from 'chai';

import { openEmbeddedDatabase } from '../database';
import { makeTempDirs } from '../testing/tempDir';
import type { TestDoc } from '../testing/testDoc';
import { snapshotPath } from './layout';

describe('embedded store format-1 directories', () => {
	const temp = makeTempDirs();
	afterEach(() => temp.cleanup());

	it('are read once and rewritten in the current format', async () => {
		const dir = temp.next();
		mkdirSync(join(dir, 'collections'));
		writeFileSync(
			join(dir, 'collections', 'things.jsonl'),
			'{"name":"things","indexes":[{"key":{"a":1},"name":"a_1"}]}\n{"_id":1,"a":1,"at":{"$date":"1970-01-01T00:00:00.042Z"}}\n{"_id":2,"a":2}\n',
		);
		writeFileSync(join(dir, 'journal-00000001.log'), Buffer.concat([Buffer.from('[{"c":"things","p":{"_id":3,"a":3}}]\n[{"c":"things","d":2}]\n'), Buffer.alloc(64)]));

		const db = await openEmbeddedDatabase({ dir });
		const things = db.collection<TestDoc>('things');
		expect(await things.find({}).toArray()).to.deep.equal([{ _id: 1, a: 1, at: new Date(42) }, { _id: 3, a: 3 }]);
		expect((await things.listIndexes().toArray()).map((index) => index.name)).to.deep.equal(['_id_', 'a_1']);
		await db.close();
		expect(existsSync(join(dir, 'collections', 'things.jsonl'))).to.equal(false);
		expect(existsSync(snapshotPath(dir, 'things'))).to.equal(true);
		expect(readdirSync(dir).filter((file) => file.startsWith('journal-'))).to.deep.equal([]);

		const reopened = await openEmbeddedDatabase({ dir });
		expect(await reopened.collection<TestDoc>('things').countDocuments({})).to.equal(2);
		await reopened.close();
	});
});
