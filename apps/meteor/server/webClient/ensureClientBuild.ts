import { access, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';

import { BUILD_INFO_FILE, buildClient } from './buildClient';
import { inputFingerprint } from './fingerprint';
import type { WebClientPaths } from './paths';

/** A temporary build folder this old belongs to a build that died (kill -9 mid-build). */
const ABANDONED_TMP_MS = 60 * 60 * 1000;

export interface EnsuredBuild {
	dir: string;
	fingerprint: string;
	/** False when an up-to-date build was already there. */
	built: boolean;
}

async function exists(file: string): Promise<boolean> {
	return access(file).then(
		() => true,
		() => false,
	);
}

/** Removes builds of other fingerprints and abandoned temporary folders; a race with another process is harmless. */
async function pruneOldBuilds(buildsDir: string, keep: string): Promise<void> {
	const entries = await readdir(buildsDir).catch(() => [] as string[]);
	await Promise.all(
		entries
			.filter((name) => name !== keep)
			.map(async (name) => {
				const dir = path.join(buildsDir, name);
				if (name.startsWith('.tmp-')) {
					const { mtimeMs } = await stat(dir).catch(() => ({ mtimeMs: Date.now() }));
					if (Date.now() - mtimeMs < ABANDONED_TMP_MS) {
						return;
					}
				}
				await rm(dir, { recursive: true, force: true });
			}),
	);
}

/**
 * Returns the build for the current sources, building it first when it is missing or stale
 * (the sources, the lockfile or the build script changed). An up-to-date start costs one
 * fingerprint (a few milliseconds) and never loads esbuild.
 */
export async function ensureClientBuild(paths: WebClientPaths): Promise<EnsuredBuild> {
	const fingerprint = await inputFingerprint(paths);
	const dir = path.join(paths.buildsDir, fingerprint);
	if (await exists(path.join(dir, BUILD_INFO_FILE))) {
		return { dir, fingerprint, built: false };
	}
	await buildClient(paths, fingerprint);
	await pruneOldBuilds(paths.buildsDir, fingerprint);
	return { dir, fingerprint, built: true };
}
