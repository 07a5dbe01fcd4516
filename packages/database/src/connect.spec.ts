import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { expect } from 'chai';

import { connectDatabase } from './connect';

describe('connectDatabase', () => {
	it('without MONGO_URL or a directory, opens an in-memory embedded store', async () => {
		const db = await connectDatabase({});
		expect(db.sharedChangeEvents).to.equal(false);
		expect(db.supportsSubstringIndexes).to.equal(true);
		await db.collection('things').insertOne({ _id: 'a' } as never);
		expect(await db.collection('things').countDocuments({})).to.equal(1);
		await db.close();
	});

	it('with a data directory, keeps data across connections', async () => {
		const dataDir = mkdtempSync(join(tmpdir(), 'connect-'));
		try {
			const first = await connectDatabase({ dataDir });
			await first.collection('things').insertOne({ _id: 'kept' } as never);
			await first.close();
			const second = await connectDatabase({ dataDir });
			expect(await second.collection('things').countDocuments({ _id: 'kept' } as never)).to.equal(1);
			await second.close();
		} finally {
			rmSync(dataDir, { recursive: true, force: true });
		}
	});

});
