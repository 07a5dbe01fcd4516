// `npm start`: (re)builds the server bundle when it is missing or older than a source it was built
// from, then runs it in this process with plain Node (no tsx, no TypeScript at run time).
import { pathToFileURL } from 'node:url';

import { BUNDLE, buildServer, isStale } from './build.mjs';

if (await isStale()) {
	process.stdout.write('Building the server (first start, or sources changed)…\n');
	const ms = await buildServer();
	process.stdout.write(`Built in ${ms} ms\n`);
}
await import(pathToFileURL(BUNDLE).href);
