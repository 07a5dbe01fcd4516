import type { Logger } from 'pino';

import { ensureClientBuild } from './ensureClientBuild';
import { loadBuild, type LoadedBuild } from './loadBuild';
import { findRepoRoot, webClientPaths } from './paths';

export type WebClientStatus = 'building' | 'ready' | 'failed';

/** The Contact Center's build as the HTTP routes see it. */
export interface WebClient {
	current(): LoadedBuild | undefined;
	status(): WebClientStatus;
	/** Settles once the build is loaded or has failed (never rejects). */
	readonly ready: Promise<void>;
}

/**
 * Makes sure the Contact Center is built for the current sources and loads it, in the
 * background: the API listens at once, and the page answers 503 until the bundle is ready
 * (a first start after `npm ci` builds for a few seconds; later starts only check a fingerprint).
 */
export function startWebClient(logger: Logger, repoRoot: string | undefined = findRepoRoot()): WebClient {
	let build: LoadedBuild | undefined;
	let status: WebClientStatus = 'building';

	const ready = (async () => {
		if (!repoRoot) {
			throw new Error('the client sources (apps/meteor/client) were not found');
		}
		const started = Date.now();
		const ensured = await ensureClientBuild(webClientPaths(repoRoot));
		build = await loadBuild(ensured.dir, ensured.fingerprint);
		status = 'ready';
		if (ensured.built) {
			logger.info({ fingerprint: ensured.fingerprint, ms: Date.now() - started }, 'Contact Center built');
		}
	})().catch((err: unknown) => {
		status = 'failed';
		logger.error({ err }, 'Contact Center build failed; the REST API is unaffected');
	});

	return { current: () => build, status: () => status, ready };
}
