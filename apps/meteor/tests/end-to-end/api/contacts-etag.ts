import { expect } from 'chai';

import { api, credentials, request } from '../../data/api-data';
import { createContact, expectFailure, getContact, uniqueToken } from '../../data/contacts';

/*
 * Beyond Rocket.Chat, item 6: optimistic concurrency. `contacts.get` sends a
 * strong ETag; writes accept If-Match (412 when the contact changed); get
 * accepts If-None-Match (304). Without the headers, Rocket.Chat's behaviour.
 */

const PRECONDITION_FAILED = {
	success: false,
	error: 'The contact changed since the version named in If-Match [error-precondition-failed]',
	errorType: 'error-precondition-failed',
};

function update(body: Record<string, unknown>, headers: Record<string, string> = {}) {
	return request.post(api('omnichannel/contacts.update')).set(credentials).set(headers).send(body);
}

describe('[Contacts data quality] ETag, If-Match and If-None-Match', () => {
	let contactId: string;
	let etag: string;

	beforeEach(async () => {
		contactId = await createContact({ name: `Etag ${uniqueToken()}`, emails: ['etag@example.com'] });
		etag = (await getContact(contactId)).headers.etag;
	});

	it('sends a strong ETag on contacts.get that changes when the contact does, and only then', async () => {
		expect(etag).to.match(/^"[A-Za-z0-9_-]{27}"$/);
		expect((await getContact(contactId)).headers.etag).to.equal(etag);

		await update({ contactId, name: 'Changed' });
		expect((await getContact(contactId)).headers.etag).to.not.equal(etag);
	});

	it('answers 304 with no body to If-None-Match with the current tag, and 200 otherwise', async () => {
		const unchanged = await request.get(api('omnichannel/contacts.get')).set(credentials).set('If-None-Match', etag).query({ contactId });
		expect(unchanged.status).to.equal(304);
		expect(unchanged.text).to.equal('');
		expect(unchanged.headers.etag).to.equal(etag);

		const weak = await request.get(api('omnichannel/contacts.get')).set(credentials).set('If-None-Match', `"other", W/${etag}`).query({ contactId });
		expect(weak.status).to.equal(304);

		const stale = await request.get(api('omnichannel/contacts.get')).set(credentials).set('If-None-Match', '"stale"').query({ contactId });
		expect(stale.status).to.equal(200);
		expect(stale.body.contact._id).to.equal(contactId);
	});

	it('writes an update whose If-Match names the current tag, and refuses a stale one with 412, writing nothing', async () => {
		const ok = await update({ contactId, name: 'First' }, { 'If-Match': etag });
		expect(ok.status, JSON.stringify(ok.body)).to.equal(200);

		expectFailure(await update({ contactId, name: 'Lost update' }, { 'If-Match': etag }), 412, PRECONDITION_FAILED);
		expect((await getContact(contactId)).body.contact.name).to.equal('First');

		expect((await update({ contactId, name: 'Any' }, { 'If-Match': '*' })).status).to.equal(200);
		expectFailure(await update({ contactId, name: 'Weak' }, { 'If-Match': `W/${(await getContact(contactId)).headers.etag}` }), 412, PRECONDITION_FAILED);
	});

	it('lets exactly one of two writers holding the same tag win', async () => {
		const results = await Promise.all(['A', 'B'].map((name) => update({ contactId, name }, { 'If-Match': etag })));
		expect(results.map((res) => res.status).sort()).to.deep.equal([200, 412]);
	});

	it('guards contacts.delete and contacts.conflicts the same way', async () => {
		await update({ contactId, name: 'moved on' });
		const del = await request.post(api('omnichannel/contacts.delete')).set(credentials).set('If-Match', etag).send({ contactId });
		expectFailure(del, 412, PRECONDITION_FAILED);
		expect((await getContact(contactId)).status).to.equal(200);

		const current = (await getContact(contactId)).headers.etag;
		expect((await request.post(api('omnichannel/contacts.delete')).set(credentials).set('If-Match', current).send({ contactId })).status).to.equal(200);

		const conflicts = await request.post(api('omnichannel/contacts.conflicts')).set(credentials).set('If-Match', '"stale"').send({ contactId: await createContact({ name: 'c' }), customFields: {} });
		expectFailure(conflicts, 412, PRECONDITION_FAILED);
	});

	it('answers a missing contact as Rocket.Chat does, whatever If-Match says', async () => {
		const missing = '65f0c0ffee0123456789abcd';
		expectFailure(await update({ contactId: missing, name: 'x' }, { 'If-Match': etag }), 400, { success: false, error: 'error-contact-not-found' });
	});
});
