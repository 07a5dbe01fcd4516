import { expect } from 'chai';

import { api, getSharedServer, request } from '../../data/api-data';
import { waitForWebClient } from '../../data/browser';

/** The Contact Center's files as a browser and a cache see them; the API under /api/ is untouched. */
describe('[web client] serving the Contact Center', function () {
	let script: string;
	let stylesheet: string;

	before(async function () {
		this.timeout(240_000);
		await waitForWebClient(getSharedServer().url);
		const res = await request.get('/').expect(200);
		script = /<script type="module" src="(\/assets\/main-[\w-]+\.js)"><\/script>/.exec(res.text)?.[1] ?? '';
		stylesheet = /<link rel="stylesheet" href="(\/assets\/main-[\w-]+\.css)">/.exec(res.text)?.[1] ?? '';
	});

	it('serves the page at / and the app paths, revalidated on every load, with a strict CSP', async () => {
		for (const path of ['/', '/login', '/omnichannel/contacts', '/omnichannel/contacts/details/674eeb4343725ce31dd9bdae']) {
			const res = await request.get(path).expect(200);
			expect(res.headers['content-type']).to.equal('text/html; charset=utf-8');
			expect(res.headers['cache-control']).to.equal('no-cache');
			expect(res.headers['content-security-policy']).to.include("script-src 'self'");
			expect(res.headers['x-content-type-options']).to.equal('nosniff');
			expect(res.text).to.include('<div id="root"></div>');
		}
		expect(script, 'index.html links a content-hashed bundle').to.match(/^\/assets\/main-\w+\.js$/);
		expect(stylesheet).to.match(/^\/assets\/main-\w+\.css$/);
	});

	it('answers 304 to a revalidation of an unchanged page', async () => {
		const first = await request.get('/').expect(200);
		const etag = first.headers.etag;
		expect(etag).to.match(/^"\w+"$/);
		await request.get('/omnichannel/contacts').set('If-None-Match', etag).expect(304);
	});

	it('serves hashed assets as immutable for a year, gzipped when asked', async () => {
		const plain = await request.get(script).set('Accept-Encoding', 'identity').buffer(true).expect(200);
		expect(plain.headers['cache-control']).to.equal('public, max-age=31536000, immutable');
		expect(plain.headers['content-type']).to.equal('text/javascript; charset=utf-8');
		expect(plain.headers['content-encoding']).to.equal(undefined);

		const zipped = await request.get(script).set('Accept-Encoding', 'gzip, br').expect(200);
		expect(zipped.headers['content-encoding']).to.equal('gzip');
		expect(zipped.headers.vary).to.equal('Accept-Encoding');
		expect(Number(zipped.headers['content-length'])).to.be.below(Number(plain.headers['content-length']));

		const css = await request.get(stylesheet).expect(200);
		expect(css.headers['content-type']).to.equal('text/css; charset=utf-8');
		await request.get(stylesheet).set('If-None-Match', css.headers.etag).expect(304);
	});

	it('answers 404 for an unknown asset and leaves other paths and the API to the API', async () => {
		await request.get('/assets/main-NOTAHASH.js').expect(404);
		const outside = await request.get('/no-such-page').expect(404);
		expect(outside.body).to.deep.equal({ success: false, error: 'Endpoint not found: GET /no-such-page' });
		const info = await request.get('/api/info').expect(200);
		expect(info.body.success).to.equal(true);
		await request.get(api('me')).expect(401);
	});
});
