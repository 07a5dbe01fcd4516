import { ensureClientBuild } from './ensureClientBuild';
import { findRepoRoot, webClientPaths } from './paths';

/** `npm run build:client`: builds the Contact Center now if its sources changed (the server also does this at start). */
async function main(): Promise<void> {
	const root = findRepoRoot();
	if (!root) {
		throw new Error('apps/meteor/client/index.html not found above this folder');
	}
	const started = Date.now();
	const build = await ensureClientBuild(webClientPaths(root));
	process.stdout.write(`${build.built ? 'Built' : 'Up to date:'} ${build.dir} (${Date.now() - started} ms)\n`);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
