import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

import type { WebClientPaths } from './paths';

/** Written last into each build folder: a folder without it is incomplete. */
export const BUILD_INFO_FILE = 'build-info.json';

export interface BuildInfo {
	fingerprint: string;
	builtAt: string;
	/** Bytes per emitted asset, relative to the `assets/` folder. */
	assets: Record<string, number>;
	durationMs: number;
}

/** Formats that gzip shrinks; each such asset gets a `.gz` twin at build time, so a start never compresses. */
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.txt', '.json', '.svg', '.ttf', '.eot']);

const gzipAsync = promisify(gzip);

async function writeGzipTwins(dir: string, files: string[]): Promise<void> {
	await Promise.all(
		files
			.filter((file) => COMPRESSIBLE.has(path.extname(file)))
			.map(async (file) => {
				const body = await readFile(path.join(dir, file));
				const zipped = await gzipAsync(body, { level: 9 });
				if (zipped.length < body.length) {
					await writeFile(path.join(dir, `${file}.gz`), zipped);
				}
			}),
	);
}

/** Fonts and images referenced from CSS become hashed files next to the bundle. */
const FILE_LOADERS = { '.woff2': 'file', '.woff': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'file', '.png': 'file' } as const;

function renderIndexHtml(template: string, scripts: string[], styles: string[]): string {
	const styleTags = styles.map((href) => `<link rel="stylesheet" href="${href}">`).join('\n\t\t');
	const scriptTags = scripts.map((src) => `<script type="module" src="${src}"></script>`).join('\n\t\t');
	if (!template.includes('<!-- styles -->') || !template.includes('<!-- scripts -->')) {
		throw new Error('apps/meteor/client/index.html must contain <!-- styles --> and <!-- scripts -->');
	}
	return template.replace('<!-- styles -->', styleTags).replace('<!-- scripts -->', scriptTags);
}

/**
 * Bundles the Contact Center with esbuild into `buildsDir/<fingerprint>/`: `assets/` holds
 * content-hashed files (served as immutable), `index.html` links them. The folder is written
 * under a temporary name and renamed into place, so a crash or a concurrent build never leaves
 * a half-written build where a server would load it.
 *
 * @returns the finished build folder
 */
export async function buildClient(paths: WebClientPaths, fingerprint: string): Promise<string> {
	const started = Date.now();
	// Imported lazily: a server whose build is current never loads esbuild.
	const esbuild = await import('esbuild');
	const finalDir = path.join(paths.buildsDir, fingerprint);
	const workDir = path.join(paths.buildsDir, `.tmp-${fingerprint}-${randomBytes(4).toString('hex')}`);
	const assetsDir = path.join(workDir, 'assets');
	await mkdir(assetsDir, { recursive: true });
	try {
		const result = await esbuild.build({
			absWorkingDir: paths.clientDir,
			entryPoints: { main: path.join(paths.clientDir, 'main.tsx') },
			bundle: true,
			minify: true,
			format: 'esm',
			target: ['es2022', 'chrome111', 'firefox115', 'safari16'],
			jsx: 'automatic',
			outdir: assetsDir,
			entryNames: '[name]-[hash]',
			assetNames: '[name]-[hash]',
			publicPath: '/assets/',
			loader: FILE_LOADERS,
			define: { 'process.env.NODE_ENV': '"production"' },
			legalComments: 'linked',
			metafile: true,
			logLevel: 'silent',
		});
		const outputs = Object.entries(result.metafile.outputs);
		const entry = outputs.find(([, output]) => output.entryPoint !== undefined);
		if (!entry) {
			throw new Error('esbuild produced no entry bundle');
		}
		const publicUrl = (file: string) => `/assets/${path.basename(file)}`;
		const template = await readFile(path.join(paths.clientDir, 'index.html'), 'utf8');
		const cssBundle = entry[1].cssBundle;
		await writeFile(path.join(workDir, 'index.html'), renderIndexHtml(template, [publicUrl(entry[0])], cssBundle ? [publicUrl(cssBundle)] : []));
		await writeGzipTwins(assetsDir, outputs.map(([file]) => path.basename(file)));
		await writeGzipTwins(workDir, ['index.html']);
		const info: BuildInfo = {
			fingerprint,
			builtAt: new Date().toISOString(),
			assets: Object.fromEntries(outputs.map(([file, output]) => [path.basename(file), output.bytes])),
			durationMs: Date.now() - started,
		};
		await writeFile(path.join(workDir, BUILD_INFO_FILE), JSON.stringify(info, null, '\t'));
		await rename(workDir, finalDir).catch(async (error: NodeJS.ErrnoException) => {
			// Another process finished the same build first: theirs is identical, keep it.
			if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') {
				throw error;
			}
			await rm(workDir, { recursive: true, force: true });
		});
		return finalDir;
	} catch (error) {
		await rm(workDir, { recursive: true, force: true });
		throw error;
	}
}
