import { expect } from 'chai';
import { createModels } from '@omni/models';
import type { IDatabase, Models } from '@omni/model-typings';
import { connectDatabase } from '@omni/database';
import pino from 'pino';

import { readConfig } from '../../../server/config';
import { startServices } from '../../../server/startServices';
import { RateLimiter } from './rateLimiter';

import { SharedRateLimiter } from './sharedRateLimiter';

describe('SharedRateLimiter (collection-backed counters, on the embedded store)', () => {
	let db: IDatabase;
	let models: Models;

	beforeEach(async () => {
		db = await connectDatabase({});
		models = createModels(db);
		await models.RateLimitCounters.createIndexes();
	});

	afterEach(() => db.close());

	it('allows `limit` calls in a window and refuses the next, with remaining and reset', async () => {
		const limiter = new SharedRateLimiter(models.RateLimitCounters);
		const now = 1_000_000;
		for (let call = 1; call <= 3; call++) {
			expect(await limiter.hit('ip GET /api/v1/me', 3, 60_000, now + call)).to.deep.equal({
				allowed: true,
				limit: 3,
				remaining: 3 - call,
				resetAt: now + 1 + 60_000,
			});
		}
		const refused = await limiter.hit('ip GET /api/v1/me', 3, 60_000, now + 10);
		expect(refused).to.include({ allowed: false, remaining: 0, resetAt: now + 1 + 60_000 });
	});

	it('enforces one limit across two instances sharing the collection', async () => {
		const first = new SharedRateLimiter(createModels(db).RateLimitCounters);
		const second = new SharedRateLimiter(createModels(db).RateLimitCounters);
		const now = 5_000;
		const decisions = await Promise.all(
			Array.from({ length: 20 }, (_, i) => (i % 2 ? first : second).hit('k', 10, 60_000, now)),
		);
		expect(decisions.filter((d) => d.allowed)).to.have.length(10);
		expect(decisions.map((d) => d.remaining).sort((a, b) => a - b)).to.deep.equal([...Array(10).fill(0), 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
	});

	it('opens a fresh window once the old one has closed', async () => {
		const limiter = new SharedRateLimiter(models.RateLimitCounters);
		await limiter.hit('k', 1, 1_000, 0);
		expect((await limiter.hit('k', 1, 1_000, 500)).allowed).to.equal(false);
		const reopened = await limiter.hit('k', 1, 1_000, 1_000);
		expect(reopened).to.deep.equal({ allowed: true, limit: 1, remaining: 0, resetAt: 2_000 });
		expect(await models.RateLimitCounters.countDocuments({})).to.equal(1);
	});

	it('is the limiter startServices picks when change events are shared (MongoDB), the in-process one otherwise', async () => {
		const config = readConfig({ TEST_MODE: 'true' });
		const shared = Object.create(db, { sharedChangeEvents: { value: true } }) as IDatabase;
		for (const [database, expected] of [[shared, SharedRateLimiter], [db, RateLimiter]] as const) {
			const services = await startServices(database, config, pino({ level: 'silent' }), () => undefined);
			try {
				expect(services.rateLimiter).to.be.instanceOf(expected);
			} finally {
				await services.stop();
			}
		}
	});

	it('keeps separate windows per key', async () => {
		const limiter = new SharedRateLimiter(models.RateLimitCounters);
		await limiter.hit('a', 1, 60_000, 0);
		expect((await limiter.hit('b', 1, 60_000, 0)).allowed).to.equal(true);
		expect((await limiter.hit('a', 1, 60_000, 0)).allowed).to.equal(false);
	});

	it('peeks at an open window without counting, and resets a key', async () => {
		const limiter = new SharedRateLimiter(models.RateLimitCounters);
		expect(await limiter.peek('k', 0)).to.equal(undefined);
		await limiter.hit('k', 5, 1_000, 0);
		await limiter.hit('k', 5, 1_000, 1);
		expect(await limiter.peek('k', 2)).to.deep.equal({ count: 2, resetAt: 1_000 });
		expect(await limiter.peek('k', 1_000)).to.equal(undefined);
		await limiter.reset('k');
		expect((await limiter.hit('k', 5, 1_000, 3)).remaining).to.equal(4);
	});
});
