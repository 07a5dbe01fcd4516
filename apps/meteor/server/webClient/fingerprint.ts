import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import type { WebClientPaths } from './paths';

/** Unit specs sit beside the client code but are never bundled. */
const IGNORED = /\.spec\.tsx?$/;

async function listFiles(dir: string): Promise<string[]> {
	const entries = await readdir(dir, { withFileTypes: true, recursive: true });
	return entries
		.filter((entry) => entry.isFile() && !IGNORED.test(entry.name))
		.map((entry) => path.join(entry.parentPath, entry.name))
		.sort();
}

/**
 * A hash of everything the bundle is made from: the client sources, the lockfile (dependency
 * versions, esbuild's included) and the build script. Reading ~100 small files takes a few
 * milliseconds, so every start can afford it; a missing extra input (e.g. a bundled server
 * without the build script beside it) simply does not count.
 *
 * @example await inputFingerprint(webClientPaths(root)) // '3f9c…' (16 hex)
 */
export async function inputFingerprint(paths: WebClientPaths): Promise<string> {
	const hash = createHash('sha256');
	const files = [...(await listFiles(paths.clientDir)), ...paths.extraInputs];
	for (const file of files) {
		const content = await readFile(file).catch(() => undefined);
		if (content) {
			hash.update(path.relative(paths.clientDir, file)).update('\0').update(content).update('\0');
		}
	}
	return hash.digest('hex').slice(0, 16);
}
