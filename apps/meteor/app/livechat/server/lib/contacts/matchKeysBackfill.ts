import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

import type { Deps } from '../../../../lib/server/deps';

/** Bump when the way keys are computed changes: every contact is then recomputed once. */
export const MATCH_KEYS_ALGORITHM = 1;

export const MATCH_KEYS_JOB_ID = 'contact-match-keys';

const REGION_SETTING = 'Omnichannel_Contact_Default_Phone_Region';

export interface MatchKeysBackfillOptions {
	/** Contacts per batch; the event loop is yielded between batches. */
	batchSize?: number;
	/** How often progress is logged while running. */
	progressEveryMs?: number;
}

export interface MatchKeysBackfill {
	/** Resolves when the current pass has finished (or stopped). */
	idle(): Promise<void>;
	/** Stops after the batch in progress; the saved progress lets the next start resume. */
	stop(): Promise<void>;
}

type BackfillDeps = Pick<Deps, 'models' | 'settings' | 'logger'>;

function fingerprintOf(region: string): string {
	return `v${MATCH_KEYS_ALGORITHM}:${region}`;
}

/**
 * Keeps every contact's normalized keys (hidden `_matchKeys`) computed with
 * the current algorithm and `Omnichannel_Contact_Default_Phone_Region`: after
 * an upgrade, and whenever that setting changes, it walks all contacts in `_id`
 * order in the background, in small batches. It is idempotent (a contact whose
 * keys are current is not written), resumable (progress is saved after each
 * batch in `rocketchat_background_job`, so a restart continues where it
 * stopped) and logs its progress. Contacts written meanwhile get their keys at
 * write time; the pass never overwrites a contact that changed after it read it.
 *
 * @example const backfill = startMatchKeysBackfill(deps); … await backfill.stop();
 */
export function startMatchKeysBackfill(deps: BackfillDeps, { batchSize = 1000, progressEveryMs = 5000 }: MatchKeysBackfillOptions = {}): MatchKeysBackfill {
	const { models, settings, logger } = deps;
	let stopped = false;
	let running: Promise<void> = Promise.resolve();
	let runningFingerprint: string | undefined;

	const region = () => String(settings.get<string>(REGION_SETTING) ?? '');

	async function pass(fingerprint: string): Promise<void> {
		const state = await models.BackgroundJobs.findOneById(MATCH_KEYS_JOB_ID);
		if (state?.fingerprint === fingerprint && state.done) {
			return;
		}
		const resumeAfter = state?.fingerprint === fingerprint ? state.lastId : undefined;
		const startedAt = resumeAfter && state ? state.startedAt : new Date();
		let processed = resumeAfter && state ? state.processed : 0;
		const ids = await models.LivechatContacts.listAllIds();
		const pending = resumeAfter === undefined ? ids : ids.filter((id) => id > resumeAfter);
		const total = processed + pending.length;
		const began = Date.now();
		let lastLog = began;
		let updated = 0;
		logger.info({ job: MATCH_KEYS_JOB_ID, fingerprint, total, resumedAt: resumeAfter ? processed : undefined }, 'contact key backfill started');

		for (let start = 0; start < pending.length; start += batchSize) {
			if (stopped || fingerprintOf(region()) !== fingerprint) {
				logger.info({ job: MATCH_KEYS_JOB_ID, processed, total }, 'contact key backfill paused');
				return;
			}
			const batch = pending.slice(start, start + batchSize);
			updated += (await models.LivechatContacts.refreshMatchKeys(batch)).updated;
			processed += batch.length;
			await models.BackgroundJobs.saveState({ _id: MATCH_KEYS_JOB_ID, fingerprint, lastId: batch[batch.length - 1], processed, done: false, startedAt });
			if (Date.now() - lastLog >= progressEveryMs) {
				lastLog = Date.now();
				logger.info({ job: MATCH_KEYS_JOB_ID, processed, total, percent: Math.floor((processed / Math.max(total, 1)) * 100) }, 'contact key backfill progress');
			}
			await yieldToEventLoop();
		}
		await models.BackgroundJobs.saveState({ _id: MATCH_KEYS_JOB_ID, fingerprint, processed, done: true, startedAt, finishedAt: new Date() });
		logger.info({ job: MATCH_KEYS_JOB_ID, processed, updated, seconds: (Date.now() - began) / 1000 }, 'contact key backfill finished');
	}

	/** Runs passes until the keys match the current region (a change during a pass starts another). */
	function ensureCurrent(): void {
		const fingerprint = fingerprintOf(region());
		if (stopped || fingerprint === runningFingerprint) {
			return;
		}
		runningFingerprint = fingerprint;
		running = running
			.then(() => pass(fingerprint))
			.catch((err: unknown) => logger.error({ err, job: MATCH_KEYS_JOB_ID }, 'contact key backfill failed; it resumes at the next start'))
			.then(() => {
				if (runningFingerprint === fingerprint) {
					runningFingerprint = undefined;
				}
				ensureCurrentIfChanged(fingerprint);
			});
	}

	function ensureCurrentIfChanged(finished: string): void {
		if (fingerprintOf(region()) !== finished) {
			ensureCurrent();
		}
	}

	const unsubscribe = settings.onChange(REGION_SETTING, () => ensureCurrent());
	ensureCurrent();

	return {
		idle: () => running,
		async stop() {
			stopped = true;
			unsubscribe();
			await running;
		},
	};
}
