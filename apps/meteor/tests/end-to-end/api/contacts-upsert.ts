import { expect } from 'chai';

import { api, createUser, credentials, request, type TestUser } from '../../data/api-data';
import {
	createContact,
	deleteContact,
	expectFailure,
	getContact,
	invalidParams,
	NOT_LOGGED_IN,
	PERMISSION_DENIED,
	searchContacts,
	uniqueToken,
	upsertContact,
} from '../../data/contacts';

/*
 * Beyond Rocket.Chat, items 2 and 3: external ids and
 * `POST omnichannel/contacts.upsert`, over real HTTP.
 */

async function idsFound(searchText: string): Promise<string[]> {
	const res = await searchContacts({ searchText, count: 100 });
	expect(res.status).to.equal(200);
	return res.body.contacts.map(({ _id }: { _id: string }) => _id);
}

describe('[Contacts data quality] external ids and upsert', () => {
	let token: string;

	beforeEach(() => {
		token = uniqueToken();
	});

	describe('POST omnichannel/contacts.upsert', () => {
		it('creates a contact when nothing matches, then updates that one by its email', async () => {
			const first = await upsertContact({ name: `Ann ${token}`, emails: [`ann.${token}@example.com`], phones: [] });
			expect(first.status, JSON.stringify(first.body)).to.equal(200);
			expect(first.body).to.have.all.keys('contactId', 'created', 'success');
			expect(first.body).to.include({ created: true, success: true });

			const second = await upsertContact({ name: `Ann B ${token}`, emails: [`Ann.${token}@Example.COM`], phones: ['+1 555 010 0001'] });
			expect(second.body).to.deep.equal({ contactId: first.body.contactId, created: false, success: true });

			const { contact } = (await getContact(first.body.contactId)).body;
			expect(contact).to.deep.include({
				name: `Ann B ${token}`,
				// The differently written email is the same key, so it is not added again.
				emails: [{ address: `ann.${token}@example.com` }],
				phones: [{ phoneNumber: '+1 555 010 0001' }],
				unknown: false,
			});
		});

		it('matches by external id first, then email, then phone', async () => {
			const byExternalId = await createContact({ name: `X ${token}`, externalIds: [{ source: 'crm', id: token }] });
			const byEmail = await createContact({ name: `E ${token}`, emails: [`e.${token}@example.com`] });

			const res = await upsertContact({ name: `X ${token}`, emails: [`e.${token}@example.com`], phones: [], externalIds: [{ source: 'crm', id: token }] });

			expect(res.body).to.deep.equal({ contactId: byExternalId, created: false, success: true });
			expect((await getContact(byExternalId)).body.contact.emails).to.deep.equal([{ address: `e.${token}@example.com` }]);
			expect((await getContact(byEmail)).body.contact.name).to.equal(`E ${token}`);
		});

		it('follows matchBy: only the kinds named, in that order', async () => {
			const byPhone = await createContact({ name: `P ${token}`, phones: [`+44 20 7946 ${token.slice(-4).replace(/\D/g, '1').padStart(4, '1')}`] });
			const phone = (await getContact(byPhone)).body.contact.phones[0].phoneNumber;
			await createContact({ name: `E ${token}`, emails: [`m.${token}@example.com`] });

			const res = await upsertContact({ name: `P2 ${token}`, emails: [`m.${token}@example.com`], phones: [phone.replace(/ /g, '')], matchBy: ['phone'] });

			expect(res.body).to.deep.equal({ contactId: byPhone, created: false, success: true });
		});

		it('answers 409 error-contact-ambiguous with the candidates when several contacts match, and writes nothing', async () => {
			const email = `twin.${token}@example.com`;
			const a = await createContact({ name: `Twin A ${token}`, emails: [email] });
			const b = await createContact({ name: `Twin B ${token}`, emails: [email.toUpperCase()] });

			const res = await upsertContact({ name: 'Changed', emails: [email], phones: ['555'] });

			expect(res.status).to.equal(409);
			expect(res.body).to.deep.include({
				success: false,
				error: 'More than one contact matches; nothing was changed [error-contact-ambiguous]',
				errorType: 'error-contact-ambiguous',
			});
			expect(res.body.details).to.deep.equal({ matchedBy: 'email', contactIds: [a, b] });
			expect((await getContact(a)).body.contact.phones).to.deep.equal([]);
			expect((await getContact(a)).body.contact.name).to.equal(`Twin A ${token}`);
		});

		it('creates exactly one contact for 50 concurrent upserts of one email', async function () {
			this.timeout(60_000);
			const email = `race.${token}@example.com`;
			const results = await Promise.all(
				Array.from({ length: 50 }, (_, i) => upsertContact({ name: `Race ${token}`, emails: [i % 2 ? email : email.toUpperCase()], phones: [`+1 555 02${String(i).padStart(5, '0')}`] })),
			);

			for (const res of results) {
				expect(res.status, JSON.stringify(res.body)).to.equal(200);
			}
			expect(results.filter((res) => res.body.created)).to.have.length(1);
			expect(new Set(results.map((res) => res.body.contactId)).size).to.equal(1);
			expect(await idsFound(`race.${token}`)).to.have.length(1);
			// Every upsert's phone was added to the one contact.
			expect((await getContact(results[0].body.contactId)).body.contact.phones).to.have.length(50);
		});

		it('creates exactly one contact for 50 concurrent upserts of one external id', async function () {
			this.timeout(60_000);
			const results = await Promise.all(
				Array.from({ length: 50 }, (_, i) => upsertContact({ name: `Ext ${token}`, emails: [`ext${i}.${token}@example.com`], phones: [], externalIds: [{ source: 'shop', id: token }] })),
			);

			for (const res of results) {
				expect(res.status, JSON.stringify(res.body)).to.equal(200);
			}
			expect(results.filter((res) => res.body.created)).to.have.length(1);
			expect(new Set(results.map((res) => res.body.contactId)).size).to.equal(1);
			expect(await idsFound(`Ext ${token}`)).to.have.length(1);
		});

		it('replays a retry with the same Idempotency-Key instead of running it again', async () => {
			const body = { name: `Idem ${token}`, emails: [`idem.${token}@example.com`], phones: [] };
			const key = `upsert-${token}`;
			const first = await upsertContact(body, credentials, { 'Idempotency-Key': key });
			const again = await upsertContact(body, credentials, { 'Idempotency-Key': key });

			expect(first.body.created).to.equal(true);
			expect(again.body).to.deep.equal(first.body);
			expect(again.headers['idempotent-replayed']).to.equal('true');
			expect((await upsertContact({ ...body, name: 'other' }, credentials, { 'Idempotency-Key': key })).status).to.equal(422);
		});

		it('validates the body as create does, plus externalIds and matchBy', async () => {
			expectFailure(await upsertContact({ emails: [], phones: [] }), 400, invalidParams("must have required property 'name'"));
			expectFailure(await upsertContact({ name: 'x', emails: [], phones: [], matchBy: ['name'] }), 400, invalidParams('must be equal to one of the allowed values'));
			expectFailure(await upsertContact({ name: 'x', emails: [], phones: [], matchBy: [] }), 400, invalidParams('must NOT have fewer than 1 items'));
			expectFailure(await upsertContact({ name: 'x', emails: [], phones: [], externalIds: [{ source: 'crm' }] }), 400, invalidParams("must have required property 'id'"));
			expectFailure(await upsertContact({ name: 'x', emails: [], phones: [], externalIds: [{ source: ' ', id: '1' }] }), 400, invalidParams('must pass "isNotEmpty" keyword validation'));
			expectFailure(await upsertContact({ name: 'x', emails: [], phones: [], externalIds: [{ source: 'a', id: '1', x: 1 }] }), 400, invalidParams('must NOT have additional properties'));
			expectFailure(await upsertContact({ name: 'x', emails: [], phones: [], extra: 1 }), 400, invalidParams('must NOT have additional properties'));
		});

		it('refuses over-long or too many external ids before writing', async () => {
			expectFailure(await upsertContact({ name: 'x', emails: [], phones: [], externalIds: [{ source: 'crm', id: 'x'.repeat(257) }] }), 400, {
				success: false,
				error: 'The field externalIds[0].id is longer than 256 characters [error-input-too-long]',
				errorType: 'error-input-too-long',
				details: { field: 'externalIds[0].id', max: 256 },
			});
			const many = Array.from({ length: 101 }, (_, i) => ({ source: 'crm', id: String(i) }));
			expect((await upsertContact({ name: 'x', emails: [], phones: [], externalIds: many })).body.errorType).to.equal('error-too-many-items');
		});

		it('needs both create- and update-livechat-contact, and a login', async () => {
			const plainUser: TestUser = await createUser();
			expectFailure(await upsertContact({ name: 'x', emails: [], phones: [] }, plainUser.credentials), 403, PERMISSION_DENIED);
			expectFailure(await request.post(api('omnichannel/contacts.upsert')).send({ name: 'x', emails: [], phones: [] }), 401, NOT_LOGGED_IN);
			const agent = await createUser({ roles: ['user', 'livechat-agent'] });
			expect((await upsertContact({ name: `Agent ${token}`, emails: [], phones: [] }, agent.credentials)).status).to.equal(200);
		});
	});

	describe('external ids on create, update and lookup', () => {
		it('stores external ids, finds the contact by one, and refuses a second contact with it (409)', async () => {
			const externalId = { source: 'crm', id: token };
			const contactId = await createContact({ name: `Ext ${token}`, externalIds: [externalId] });

			const found = await request.get(api('omnichannel/contacts.getByExternalId')).set(credentials).query(externalId);
			expect(found.status).to.equal(200);
			expect(found.body.contact).to.deep.include({ _id: contactId, externalIds: [externalId] });
			expect(found.body.contact).to.not.have.any.keys('_matchKeys', '_version');

			const taken = await request.post(api('omnichannel/contacts')).set(credentials).send({ name: 'other', emails: [], phones: [], externalIds: [externalId] });
			expect(taken.status).to.equal(409);
			expect(taken.body).to.deep.equal({
				success: false,
				error: `The external id crm:${token} belongs to another contact [error-external-id-in-use]`,
				errorType: 'error-external-id-in-use',
				details: { source: 'crm', id: token },
			});

			expectFailure(
				await request.post(api('omnichannel/contacts')).set(credentials).send({ name: 'x', emails: [], phones: [], externalIds: [externalId, externalId] }),
				400,
				invalidParams('must NOT have duplicate items (items ## 0 and 1 are identical)'),
			);
			const other = await createContact({ name: 'other' });
			const update = await request.post(api('omnichannel/contacts.update')).set(credentials).send({ contactId: other, externalIds: [externalId] });
			expect(update.status).to.equal(409);
		});

		it('frees an external id when its contact is deleted or gives it up', async () => {
			const externalId = { source: 'crm', id: token };
			const first = await createContact({ name: 'first', externalIds: [externalId] });
			await deleteContact(first);
			const second = await createContact({ name: 'second', externalIds: [externalId] });

			const update = await request.post(api('omnichannel/contacts.update')).set(credentials).send({ contactId: second, externalIds: [] });
			expect(update.status).to.equal(200);
			expect(update.body.contact.externalIds).to.deep.equal([]);
			await createContact({ name: 'third', externalIds: [externalId] });
		});

		it('answers 404 for an unknown external id and validates the query', async () => {
			const res = await request.get(api('omnichannel/contacts.getByExternalId')).set(credentials).query({ source: 'crm', id: `none-${token}` });
			expectFailure(res, 404, { success: false, error: 'Resource not found' });
			expectFailure(await request.get(api('omnichannel/contacts.getByExternalId')).set(credentials).query({ source: 'crm' }), 400, invalidParams("must have required property 'id'"));
		});

		it('keeps a contact created without external ids in Rocket.Chat\'s shape', async () => {
			const contactId = await createContact({ name: `Plain ${token}` });
			expect((await getContact(contactId)).body.contact).to.not.have.property('externalIds');
		});
	});
});
