import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { expect } from 'chai';

import { ensureClientBuild } from './ensureClientBuild';
import { inputFingerprint } from './fingerprint';
import type { WebClientPaths } from './paths';

const TEMPLATE = '<!doctype html><html><head><!-- styles --></head><body><!-- scripts --></body></html>';

describe('Contact Center build', () => {
	let root: string;
	let paths: WebClientPaths;

	beforeEach(async () => {
		root = await mkdtemp(path.join(os.tmpdir(), 'web-client-'));
		paths = { clientDir: path.join(root, 'client'), buildsDir: path.join(root, 'builds'), extraInputs: [path.join(root, 'lock.json')] };
		await mkdir(paths.clientDir, { recursive: true });
		await writeFile(path.join(paths.clientDir, 'index.html'), TEMPLATE);
		// Long enough for gzip to pay off.
		await writeFile(path.join(paths.clientDir, 'main.tsx'), `import './style.css';\ndocument.title = '${'one '.repeat(100)}';\n`);
		await writeFile(path.join(paths.clientDir, 'style.css'), 'body { color: red; }\n');
		await writeFile(path.join(root, 'lock.json'), '{"v":1}');
	});

	afterEach(async () => {
		await rm(root, { recursive: true, force: true });
	});

	it('fingerprints sources and extra inputs, ignoring unit specs', async () => {
		const first = await inputFingerprint(paths);
		expect(first).to.match(/^[0-9a-f]{16}$/);
		await writeFile(path.join(paths.clientDir, 'thing.spec.ts'), 'it()');
		expect(await inputFingerprint(paths)).to.equal(first);
		await writeFile(path.join(root, 'lock.json'), '{"v":2}');
		expect(await inputFingerprint(paths)).to.not.equal(first);
	});

	it('builds hashed assets and an index.html linking them, then reuses the build until a source changes', async () => {
		const first = await ensureClientBuild(paths);
		expect(first.built).to.equal(true);
		const assets = await readdir(path.join(first.dir, 'assets'));
		const script = assets.find((name) => /^main-\w+\.js$/.test(name));
		const style = assets.find((name) => /^main-\w+\.css$/.test(name));
		expect(script).to.be.a('string');
		expect(style).to.be.a('string');
		expect(assets, 'gzip twins are written at build time').to.include(`${script}.gz`);
		const html = await readFile(path.join(first.dir, 'index.html'), 'utf8');
		expect(html).to.include(`<script type="module" src="/assets/${script}"></script>`);
		expect(html).to.include(`<link rel="stylesheet" href="/assets/${style}">`);

		expect(await ensureClientBuild(paths)).to.deep.equal({ ...first, built: false });

		await writeFile(path.join(paths.clientDir, 'main.tsx'), "import './style.css';\ndocument.title = 'two';\n");
		const second = await ensureClientBuild(paths);
		expect(second.built).to.equal(true);
		expect(second.fingerprint).to.not.equal(first.fingerprint);
		expect(await readdir(paths.buildsDir), 'the stale build is pruned').to.deep.equal([second.fingerprint]);
	});

	it('leaves no build folder behind when the sources do not compile', async () => {
		await writeFile(path.join(paths.clientDir, 'main.tsx'), 'import { nothing } from "./missing";\nconsole.log(nothing);\n');
		let failure: unknown;
		await ensureClientBuild(paths).catch((error: unknown) => {
			failure = error;
		});
		expect(failure).to.be.instanceOf(Error);
		expect(await readdir(paths.buildsDir)).to.deep.equal([]);
	});
});
