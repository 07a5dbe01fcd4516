// Builds the production server: one CommonJS bundle of apps/meteor/server/main.ts (dist/server/main.cjs),
// run with plain `node`, so `npm start` needs no dev tools; with --meteor, the Meteor app's server entry
// (dist/meteor/server.js). Plain JavaScript because it runs before
// anything can be compiled (e.g. after `npm ci --omit=dev`).
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const OUT_DIR = path.join(ROOT, 'dist', 'server');
export const BUNDLE = path.join(OUT_DIR, 'main.cjs');
const INFO = path.join(OUT_DIR, 'build-info.json');
export const METEOR_ENTRY = path.join(ROOT, 'dist', 'meteor', 'server.js');

/**
 * Loaded only when present or never at all: the MongoDB driver's optional native helpers,
 * and esbuild, which the Contact Center build runs as its own binary.
 */
const EXTERNAL = ['esbuild', 'kerberos', 'snappy', '@mongodb-js/zstd', 'mongodb-client-encryption', '@aws-sdk/credential-providers', 'gcp-metadata', 'socks', 'aws4'];

/**
 * rest-typings compiles every one of its ~400 ajv validators when imported (`export const isX =
 * ajv.compile(schema)`). Marking those calls pure lets the bundler drop the validators no route
 * imports, so a start compiles only the few dozen the server uses.
 */
const onlyUsedValidators = {
	name: 'only-used-rest-typings-validators',
	setup(pluginBuild) {
		pluginBuild.onLoad({ filter: /[\\/]@rocket\.chat[\\/]rest-typings[\\/]dist[\\/].*\.js$/ }, async (args) => {
			const source = await readFile(args.path, 'utf8');
			return { contents: source.replace(/=\s*(ajv|ajvQuery)\.compile\(/g, '= /* @__PURE__ */ $1.compile('), loader: 'js' };
		});
	},
};

/**
 * Bundles one entry into one CommonJS file (plus its source map), written through temporary
 * files, so a concurrent start never reads half a bundle. Returns the files it was built from.
 */
async function bundle(entry, outfile, external) {
	// Loaded only when a build is needed: an up-to-date start does not pay for it.
	const { build, stop } = await import('esbuild');
	const result = await build({
		entryPoints: [path.join(ROOT, entry)],
		bundle: true,
		platform: 'node',
		target: 'node20',
		format: 'cjs',
		outfile,
		write: false,
		external,
		plugins: [onlyUsedValidators],
		sourcemap: 'linked',
		metafile: true,
		logLevel: 'warning',
		legalComments: 'none',
	});
	// esbuild keeps a service process alive for later builds; this process only needed one.
	await stop();
	await mkdir(path.dirname(outfile), { recursive: true });
	// The map first: the bundle names it, and the bundle's appearance is what marks the build done.
	for (const file of [...result.outputFiles].sort((a, b) => Number(a.path === outfile) - Number(b.path === outfile))) {
		const temporary = `${file.path}.${process.pid}.tmp`;
		await writeFile(temporary, file.contents);
		await rename(temporary, file.path);
	}
	return Object.keys(result.metafile.inputs).map((file) => path.resolve(ROOT, file));
}

/** Builds the server bundle `npm start` runs and records its inputs for `isStale`. */
export async function buildServer() {
	const started = Date.now();
	const inputs = await bundle('apps/meteor/server/main.ts', BUNDLE, EXTERNAL);
	await writeFile(`${INFO}.${process.pid}.tmp`, JSON.stringify({ builtAt: started, inputs: [...inputs, fileURLToPath(import.meta.url)] }));
	await rename(`${INFO}.${process.pid}.tmp`, INFO);
	return Date.now() - started;
}

/**
 * Builds the Meteor app's server entry (`package.json` `meteor.mainModule.server`): `meteor.ts`
 * with everything it imports, so Meteor compiles one plain JavaScript file and never our
 * TypeScript workspaces. `meteor/*` modules stay imports for Meteor to provide.
 */
export async function buildMeteorEntry() {
	const started = Date.now();
	await bundle('apps/meteor/server/meteor.ts', METEOR_ENTRY, [...EXTERNAL, 'meteor/*']);
	return Date.now() - started;
}

/** True when there is no bundle, or a source it was built from changed (or vanished) since. */
export async function isStale() {
	let info;
	try {
		info = JSON.parse(await readFile(INFO, 'utf8'));
		await stat(BUNDLE);
	} catch {
		return true;
	}
	const times = await Promise.all(info.inputs.map((file) => stat(file).then((s) => s.mtimeMs, () => Infinity)));
	return times.some((mtime) => mtime >= info.builtAt);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const meteor = process.argv.includes('--meteor');
	const ms = meteor ? await buildMeteorEntry() : await buildServer();
	process.stdout.write(`Built ${path.relative(ROOT, meteor ? METEOR_ENTRY : BUNDLE)} in ${ms} ms\n`);
}
