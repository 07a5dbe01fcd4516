// Builds the production server: one CommonJS bundle of apps/meteor/server/main.ts (dist/server/main.cjs),
// run with plain `node`, so `npm start` needs no dev tools. Plain JavaScript because it runs before
// anything can be compiled (e.g. after `npm ci --omit=dev`).
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const OUT_DIR = path.join(ROOT, 'dist', 'server');
export const BUNDLE = path.join(OUT_DIR, 'main.cjs');
const INFO = path.join(OUT_DIR, 'build-info.json');

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

/** Builds the bundle and records its inputs; written through temporary files, so a concurrent start never reads half a bundle. */
export async function buildServer() {
	const started = Date.now();
	// Loaded only when a build is needed: an up-to-date start does not pay for it.
	const { build, stop } = await import('esbuild');
	const result = await build({
		entryPoints: [path.join(ROOT, 'apps/meteor/server/main.ts')],
		bundle: true,
		platform: 'node',
		target: 'node20',
		format: 'cjs',
		outfile: BUNDLE,
		write: false,
		external: EXTERNAL,
		plugins: [onlyUsedValidators],
		sourcemap: 'linked',
		metafile: true,
		logLevel: 'warning',
		legalComments: 'none',
	});
	// esbuild keeps a service process alive for later builds; this process only needed one.
	await stop();
	await mkdir(OUT_DIR, { recursive: true });
	// The map first: the bundle names it, and the bundle's appearance is what marks the build done.
	for (const file of [...result.outputFiles].sort((a, b) => Number(a.path === BUNDLE) - Number(b.path === BUNDLE))) {
		const temporary = `${file.path}.${process.pid}.tmp`;
		await writeFile(temporary, file.contents);
		await rename(temporary, file.path);
	}
	const inputs = [...Object.keys(result.metafile.inputs).map((file) => path.resolve(ROOT, file)), fileURLToPath(import.meta.url)];
	await writeFile(`${INFO}.${process.pid}.tmp`, JSON.stringify({ builtAt: started, inputs }));
	await rename(`${INFO}.${process.pid}.tmp`, INFO);
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
	const ms = await buildServer();
	process.stdout.write(`Built ${path.relative(ROOT, BUNDLE)} in ${ms} ms\n`);
}
