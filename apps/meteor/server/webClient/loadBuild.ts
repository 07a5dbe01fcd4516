import { gzipSync } from 'node:zlib';
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

/** Already-compressed formats gain nothing from gzip. */
const PRECOMPRESSED = new Set(['.woff2', '.woff', '.png']);

function staticFile(name: string, body: Buffer, etag: string): StaticFile {
	const ext = path.extname(name);
	const gzipped = PRECOMPRESSED.has(ext) ? undefined : gzipSync(body, { level: 9 });
	return {
		body,
		gzipped: gzipped && gzipped.length < body.length ? gzipped : undefined,
		contentType: CONTENT_TYPES[ext] ?? 'application/octet-stream',
		etag: `"${etag}"`,
	};
}

/**
 * Reads a finished build into memory (a few MB) with gzip variants computed once, so serving
 * an asset is a map lookup and one write, and a later rebuild on disk cannot change what a
 * running server sends.
 */
export async function loadBuild(dir: string, fingerprint: string): Promise<LoadedBuild> {
	const assetsDir = path.join(dir, 'assets');
	const assets = new Map<string, StaticFile>();
	for (const name of await readdir(assetsDir)) {
		// File names carry a content hash, so the name is a strong validator.
		assets.set(name, staticFile(name, await readFile(path.join(assetsDir, name)), name));
	}
	const indexHtml = staticFile('index.html', await readFile(path.join(dir, 'index.html')), fingerprint);
	return { fingerprint, indexHtml, assets };
}
