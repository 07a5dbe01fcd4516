import { expect } from 'chai';
import pino from 'pino';

import { type TestDeps, openTestDeps } from '../../../../../tests/data/testDeps';
import { MATCH_KEYS_JOB_ID, startMatchKeysBackfill } from './matchKeysBackfill';

/** A logger whose lines the test reads. */
function capturingLogger(): { logger: pino.Logger; lines: Record<string, unknown>[] } {
	const lines: Record<string, unknown>[] = [];
	const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
	return { logger, lines };
}

describe('startMatchKeysBackfill', () => {
	let ctx: TestDeps;

	beforeEach(async () => {
		ctx = await openTestDeps();
	});

	afterEach(() => ctx.db.close());

	/** Contacts as an older version stored them: no normalized keys. */
	async function insertLegacyContacts(count: number): Promise<string[]> {
		const docs = Array.from({ length: count }, (_, i) => ({
			_id: `legacy-${String(i).padStart(4, '0')}`,
			name: `Legacy ${i}`,
			emails: [{ address: `Person.${i}@Example.COM` }],
			phones: [{ phoneNumber: `(555) 010-${String(i).padStart(4, '0')}` }],
			channels: [],
			customFields: {},
			unknown: false,
			createdAt: new Date(),
			_updatedAt: new Date(),
		}));
		await ctx.db.collection<{ _id: string }>('rocketchat_livechat_contact').insertMany(docs);
		return docs.map(({ _id }) => _id);
	}

	const keysOf = async (_id: string) => (await ctx.db.collection<{ _id: string; _matchKeys?: unknown }>('rocketchat_livechat_contact').findOne({ _id }))?._matchKeys;

	it('gives existing contacts their keys, logs start, progress and end, and records that it is done', async () => {
		const ids = await insertLegacyContacts(25);
		const { logger, lines } = capturingLogger();

		const backfill = startMatchKeysBackfill({ ...ctx, logger }, { batchSize: 10, progressEveryMs: 0 });
		await backfill.idle();
		await backfill.stop();

		expect(await keysOf(ids[3])).to.deep.equal({ emails: ['person.3@example.com'], phones: ['5550100003'] });
		expect(lines.map(({ msg }) => msg)).to.deep.equal([
			'contact key backfill started',
			'contact key backfill progress',
			'contact key backfill progress',
			'contact key backfill progress',
			'contact key backfill finished',
		]);
		expect(lines[0]).to.include({ total: 25 });
		expect(lines[4]).to.include({ processed: 25, updated: 25 });
		expect(await ctx.models.BackgroundJobs.findOneById(MATCH_KEYS_JOB_ID)).to.include({ done: true, processed: 25, fingerprint: 'v1:' });
	});

	it('does nothing at the next start once done', async () => {
		await insertLegacyContacts(3);
		const first = startMatchKeysBackfill(ctx);
		await first.idle();
		await first.stop();
		const { logger, lines } = capturingLogger();

		const second = startMatchKeysBackfill({ ...ctx, logger });
		await second.idle();
		await second.stop();

		expect(lines).to.deep.equal([]);
	});

	it('resumes after the last finished batch when stopped midway', async () => {
		const ids = await insertLegacyContacts(30);
		const first = startMatchKeysBackfill({ ...ctx, logger: capturingLogger().logger }, { batchSize: 10 });
		// Stop as soon as the first batch is saved.
		await new Promise<void>((resolve) => {
			const timer = setInterval(async () => {
				if ((await ctx.models.BackgroundJobs.findOneById(MATCH_KEYS_JOB_ID))?.processed) {
					clearInterval(timer);
					resolve();
				}
			}, 0);
		});
		await first.stop();
		const saved = await ctx.models.BackgroundJobs.findOneById(MATCH_KEYS_JOB_ID);
		expect(saved?.done).to.equal(false);
		expect(await keysOf(ids[29])).to.equal(undefined);
		const { logger, lines } = capturingLogger();

		const second = startMatchKeysBackfill({ ...ctx, logger }, { batchSize: 10 });
		await second.idle();
		await second.stop();

		expect(lines[0]).to.include({ msg: 'contact key backfill started', resumedAt: saved?.processed, total: 30 });
		expect(await keysOf(ids[29])).to.deep.equal({ emails: ['person.29@example.com'], phones: ['5550100029'] });
		expect(await ctx.models.BackgroundJobs.findOneById(MATCH_KEYS_JOB_ID)).to.include({ done: true, processed: 30 });
	});

	it('recomputes every phone key when the default region changes', async () => {
		const [first] = await insertLegacyContacts(2);
		const backfill = startMatchKeysBackfill(ctx);
		await backfill.idle();

		await ctx.settings.updateValue('Omnichannel_Contact_Default_Phone_Region', 'US');
		await backfill.idle();
		await backfill.stop();

		expect(await keysOf(first)).to.deep.equal({ emails: ['person.0@example.com'], phones: ['+15550100000'] });
		expect(await ctx.models.BackgroundJobs.findOneById(MATCH_KEYS_JOB_ID)).to.include({ done: true, fingerprint: 'v1:US' });
	});
});
