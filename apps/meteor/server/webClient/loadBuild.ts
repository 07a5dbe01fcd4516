import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** One file ready to send: its bytes, and a gzip variant when that is smaller. */
export interface StaticFile {
	body: Buffer;
	gzipped?: Buffer;
	contentType: string;
	etag: string;
}

export interface LoadedBuild {
	fingerprint: string;
	indexHtml: StaticFile;
	/** By file name under `/assets/`. */
	assets: ReadonlyMap<string, StaticFile>;
}

const CONTENT_TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.txt': 'text/plain; charset=utf-8',
	'.json': 'application/json',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.woff2': 'font/woff2',
	'.woff': 'font/woff',
	'.ttf': 'font/ttf',
	'.eot': 'application/vnd.ms-fontobject',
};

/** Reads a file and the `.gz` twin the build wrote for it, if any. */
async function staticFile(file: string, etag: string): Promise<StaticFile> {
	const [body, gzipped] = await Promise.all([readFile(file), readFile(`${file}.gz`).catch(() => undefined)]);
	return { body, gzipped, contentType: CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', etag: `"${etag}"` };
}

/**
 * Reads a finished build into memory (a few MB) with its gzip twins, so serving
 * an asset is a map lookup and one write, and a later rebuild on disk cannot change what a
 * running server sends.
 */
export async function loadBuild(dir: string, fingerprint: string): Promise<LoadedBuild> {
	const assetsDir = path.join(dir, 'assets');
	const assets = new Map<string, StaticFile>();
	for (const name of await readdir(assetsDir)) {
		if (!name.endsWith('.gz')) {
			// File names carry a content hash, so the name is a strong validator.
			assets.set(name, await staticFile(path.join(assetsDir, name), name));
		}
	}
	const indexHtml = await staticFile(path.join(dir, 'index.html'), fingerprint);
	return { fingerprint, indexHtml, assets };
}
