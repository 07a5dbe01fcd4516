import { existsSync } from 'node:fs';
import path from 'node:path';

/** Where the Contact Center's sources are and where its builds go. */
export interface WebClientPaths {
	/** `apps/meteor/client`: the React sources and the `index.html` template. */
	clientDir: string;
	/** `.build/web-client`: one folder per build, named after its input fingerprint (git-ignored). */
	buildsDir: string;
	/** Files outside `clientDir` whose content changes the bundle (lockfile, build script). */
	extraInputs: string[];
}

const CLIENT_TEMPLATE = path.join('apps', 'meteor', 'client', 'index.html');

/**
 * Finds the repository root by walking up from `startDir` (this module's folder when run by
 * tsx, or wherever a bundled server lives) to the first folder holding the client's template.
 */
export function findRepoRoot(startDir: string = __dirname): string | undefined {
	for (let dir = path.resolve(startDir); ; dir = path.dirname(dir)) {
		if (existsSync(path.join(dir, CLIENT_TEMPLATE))) {
			return dir;
		}
		if (path.dirname(dir) === dir) {
			return undefined;
		}
	}
}

/** @example webClientPaths('/srv/app').clientDir // '/srv/app/apps/meteor/client' */
export function webClientPaths(repoRoot: string): WebClientPaths {
	return {
		clientDir: path.join(repoRoot, 'apps', 'meteor', 'client'),
		buildsDir: path.join(repoRoot, '.build', 'web-client'),
		extraInputs: [path.join(repoRoot, 'package-lock.json'), path.join(repoRoot, 'apps', 'meteor', 'server', 'webClient', 'buildClient.ts')],
	};
}
