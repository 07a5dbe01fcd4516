import bcrypt from 'bcryptjs';
import { expect } from 'chai';

import { BcryptPool } from './bcryptPool';

describe('BcryptPool', () => {
	let pool: BcryptPool;

	beforeEach(() => {
		pool = new BcryptPool(2);
	});

	afterEach(() => pool.close());

	it('hashes and compares like bcryptjs, on worker threads', async () => {
		const hash = await pool.hash('digest', 4);
		expect(bcrypt.compareSync('digest', hash)).to.equal(true);
		expect(await pool.compare('digest', hash)).to.equal(true);
		expect(await pool.compare('other', hash)).to.equal(false);
		expect(await pool.compare('digest', bcrypt.hashSync('digest', 4))).to.equal(true);
	});

	it('queues more jobs than workers and answers each', async () => {
		const hash = bcrypt.hashSync('x', 4);
		const results = await Promise.all(Array.from({ length: 12 }, (_, i) => pool.compare(i % 2 ? 'x' : 'y', hash)));
		expect(results).to.deep.equal(Array.from({ length: 12 }, (_, i) => i % 2 === 1));
	});

	it('keeps the event loop free while hashing: timers still fire on time', async () => {
		const hashing = Promise.all(Array.from({ length: 4 }, () => pool.hash('slow', 10)));
		const started = Date.now();
		await new Promise((resolve) => setTimeout(resolve, 20));
		// bcryptjs on the main thread would hold the loop ~80 ms per hash; generous bound.
		expect(Date.now() - started).to.be.below(200);
		await hashing;
	});

	it('rejects a malformed hash and refuses work once closed', async () => {
		let failure: unknown;
		try {
			await pool.hash('x', 'not-rounds' as unknown as number);
		} catch (error) {
			failure = error;
		}
		expect(failure).to.be.instanceOf(Error);
		await pool.close();
		let closed: unknown;
		try {
			await pool.compare('x', 'y');
		} catch (error) {
			closed = error;
		}
		expect((closed as Error).message).to.equal('the password hashing pool is closed');
	});
});
