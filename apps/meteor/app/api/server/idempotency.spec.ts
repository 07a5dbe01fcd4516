import { expect } from 'chai';
import { createModels } from '@omni/models';
import type { IDatabase, Models } from '@omni/model-typings';
import { connectDatabase } from '@omni/database';

import { MeteorError } from '../../../lib/errors/MeteorError';
import type { RouteResult } from './definition';
import { renderError } from './errors/renderError';
import { ABANDONED_CLAIM_MS, IDEMPOTENCY_KEY_TTL_MS, canonicalJson, runIdempotently, type IdempotentRequest } from './idempotency';

const ROUTE = 'POST /api/v1/omnichannel/contacts';

/** The response the pipeline sends: refusals are thrown and rendered from the error table. */
const answer = (running: Promise<RouteResult>): Promise<RouteResult> => running.catch((error: unknown) => renderError(error, { testMode: false }));

describe('runIdempotently (Idempotency-Key handling)', () => {
	let db: IDatabase;
	let models: Models;
	let runs: number;
	let clock: number;
	const now = () => clock;

	const request = (overrides: Partial<IdempotentRequest> = {}): IdempotentRequest => ({ userId: 'u1', key: 'k1', route: ROUTE, body: { name: 'Ann' }, ...overrides });
	const create = () => {
		runs++;
		return { statusCode: 200, body: { contactId: `c${runs}`, success: true } };
	};

	beforeEach(async () => {
		db = await connectDatabase({});
		models = createModels(db);
		runs = 0;
		clock = 1_700_000_000_000;
	});

	afterEach(() => db.close());

	it('runs the action once and replays its response for the same key and body', async () => {
		const first = await runIdempotently(models.IdempotencyKeys, request(), create, now);
		const second = await runIdempotently(models.IdempotencyKeys, request(), create, now);
		expect(runs).to.equal(1);
		expect(first).to.deep.equal({ statusCode: 200, body: { contactId: 'c1', success: true } });
		expect(second).to.deep.equal({ statusCode: 200, body: { contactId: 'c1', success: true }, headers: { 'Idempotent-Replayed': 'true' } });
	});

	it('compares bodies canonically: key order does not matter', async () => {
		await runIdempotently(models.IdempotencyKeys, request({ body: { name: 'Ann', emails: ['a@b'] } }), create, now);
		const replay = await runIdempotently(models.IdempotencyKeys, request({ body: { emails: ['a@b'], name: 'Ann' } }), create, now);
		expect(replay.headers).to.deep.equal({ 'Idempotent-Replayed': 'true' });
		expect(runs).to.equal(1);
	});

	it('answers 422 error-idempotency-key-reused for the same key with another body or route', async () => {
		await runIdempotently(models.IdempotencyKeys, request(), create, now);
		const otherBody = await answer(runIdempotently(models.IdempotencyKeys, request({ body: { name: 'Bob' } }), create, now));
		expect(otherBody).to.deep.equal({
			statusCode: 422,
			body: {
				success: false,
				error: 'This Idempotency-Key was already used for a different request [error-idempotency-key-reused]',
				errorType: 'error-idempotency-key-reused',
			},
		});
		const otherRoute = await answer(runIdempotently(models.IdempotencyKeys, request({ route: 'POST /api/v1/omnichannel/contacts.update' }), create, now));
		expect(otherRoute.statusCode).to.equal(422);
		expect(runs).to.equal(1);
	});

	it('answers 409 error-idempotency-key-in-flight while the first request is still running', async () => {
		let finish!: () => void;
		const slow = new Promise<void>((resolve) => {
			finish = resolve;
		});
		const first = runIdempotently(models.IdempotencyKeys, request(), async () => {
			await slow;
			return create();
		}, now);
		await new Promise((resolve) => setTimeout(resolve, 10));
		const second = await answer(runIdempotently(models.IdempotencyKeys, request(), create, now));
		expect(second.statusCode).to.equal(409);
		expect(second.body).to.deep.include({ errorType: 'error-idempotency-key-in-flight' });
		finish();
		expect((await first).body).to.deep.equal({ contactId: 'c1', success: true });
		expect(runs).to.equal(1);
	});

	it('lets exactly one of many racing requests run', async () => {
		const results = await Promise.all(Array.from({ length: 20 }, () => answer(runIdempotently(models.IdempotencyKeys, request(), create, now))));
		expect(runs).to.equal(1);
		expect(results.every((r) => r.statusCode === 200 || r.statusCode === 409)).to.equal(true);
	});

	it('scopes keys to the calling user', async () => {
		await runIdempotently(models.IdempotencyKeys, request({ userId: 'u1' }), create, now);
		const other = await runIdempotently(models.IdempotencyKeys, request({ userId: 'u2', body: { name: 'Bob' } }), create, now);
		expect(other).to.deep.equal({ statusCode: 200, body: { contactId: 'c2', success: true } });
	});

	it('releases the key when the action fails, so a retry runs again', async () => {
		const failing = () => {
			throw new MeteorError('error-x', 'boom');
		};
		let thrown: unknown;
		try {
			await runIdempotently(models.IdempotencyKeys, request(), failing, now);
		} catch (error) {
			thrown = error;
		}
		expect(thrown).to.be.instanceOf(MeteorError);
		const rejected = await runIdempotently(models.IdempotencyKeys, request(), () => ({ statusCode: 400, body: { success: false } }), now);
		expect(rejected.statusCode).to.equal(400);
		expect(await runIdempotently(models.IdempotencyKeys, request(), create, now)).to.deep.equal({ statusCode: 200, body: { contactId: 'c1', success: true } });
	});

	it('forgets a key after 24 hours', async () => {
		await runIdempotently(models.IdempotencyKeys, request(), create, now);
		clock += IDEMPOTENCY_KEY_TTL_MS;
		const again = await runIdempotently(models.IdempotencyKeys, request({ body: { name: 'Other' } }), create, now);
		expect(again).to.deep.equal({ statusCode: 200, body: { contactId: 'c2', success: true } });
		expect(await models.IdempotencyKeys.deleteExpired(new Date(clock + IDEMPOTENCY_KEY_TTL_MS))).to.equal(1);
	});

	it('takes over a claim abandoned in flight (its server died) after 5 minutes', async () => {
		await models.IdempotencyKeys.claim({
			_id: (await import('node:crypto')).createHash('sha256').update('u1\0k1').digest('hex'),
			fingerprint: 'whatever',
			claimedAt: new Date(clock),
			expiresAt: new Date(clock + IDEMPOTENCY_KEY_TTL_MS),
		});
		expect((await answer(runIdempotently(models.IdempotencyKeys, request(), create, now))).statusCode).to.equal(422);
		clock += ABANDONED_CLAIM_MS + 1;
		expect((await runIdempotently(models.IdempotencyKeys, request(), create, now)).statusCode).to.equal(200);
		expect(runs).to.equal(1);
	});

	it('refuses an empty or over-long key with error-invalid-idempotency-key', async () => {
		for (const key of ['', 'k'.repeat(256)]) {
			let thrown: MeteorError | undefined;
			try {
				await runIdempotently(models.IdempotencyKeys, request({ key }), create, now);
			} catch (error) {
				thrown = error as MeteorError;
			}
			expect(thrown?.error).to.equal('error-invalid-idempotency-key');
		}
		expect(runs).to.equal(0);
	});

	it('canonicalJson sorts keys at every depth and keeps array order', () => {
		expect(canonicalJson({ b: [2, { d: 1, c: 2 }], a: null, u: undefined })).to.equal('{"a":null,"b":[2,{"c":2,"d":1}]}');
	});
});
