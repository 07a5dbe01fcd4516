import { expect } from 'chai';
import type { Response } from 'supertest';

import { api, createUser, credentials, request, type TestUser } from '../../data/api-data';
import { createContact, deleteContact, expectFailure, getContact, invalidParams, NOT_LOGGED_IN, PERMISSION_DENIED, uniqueToken, UNKNOWN_CONTACT_ID } from '../../data/contacts';

/*
 * Reading contacts over real HTTP on the shared TEST_MODE server (Rocket.Chat's `getContact`, `getContacts`, `checkExistence`).
 */

describe('[Omnichannel contacts] GET contacts.get, contacts.search, contacts.checkExistence', () => {
	let plainUser: TestUser;

	before(async () => {
		plainUser = await createUser({ roles: ['user'] });
	});

	describe('GET omnichannel/contacts.get', () => {
		it('answers the contact as stored, with no null keys', async () => {
			const contactId = await createContact({ name: 'Get Me', emails: ['get@example.com'], phones: ['555'] });

			const res = await getContact(contactId);

			expect(res.status).to.equal(200);
			expect(res.body).to.have.all.keys('contact', 'success');
			expect(res.body.contact).to.have.all.keys('_id', 'name', 'emails', 'phones', 'channels', 'customFields', 'unknown', 'preRegistration', 'createdAt', '_updatedAt');
			expect(res.body.contact).to.deep.include({ _id: contactId, name: 'Get Me', emails: [{ address: 'get@example.com' }], phones: [{ phoneNumber: '555' }] });
		});

		it('answers 404 Resource not found for an unknown or deleted contact', async () => {
			const deletedId = await createContact({ name: 'deleted' });
			await deleteContact(deletedId);

			for (const contactId of [UNKNOWN_CONTACT_ID, deletedId]) {
				expectFailure(await getContact(contactId), 404, { success: false, error: 'Resource not found' });
			}
		});

		it('requires a non-blank contactId and nothing else', async () => {
			expectFailure(await request.get(api('omnichannel/contacts.get')).set(credentials), 400, invalidParams("must have required property 'contactId'"));
			expectFailure(
				await request.get(api('omnichannel/contacts.get')).set(credentials).query({ contactId: '  ' }),
				400,
				invalidParams('must pass "isNotEmpty" keyword validation'),
			);
			expectFailure(
				await request.get(api('omnichannel/contacts.get')).set(credentials).query({ contactId: 'x', extra: '1' }),
				400,
				invalidParams('must NOT have additional properties'),
			);
		});

		it('needs view-livechat-contact and a login', async () => {
			expectFailure(await request.get(api('omnichannel/contacts.get')).set(plainUser.credentials).query({ contactId: 'x' }), 403, PERMISSION_DENIED);
			expectFailure(await request.get(api('omnichannel/contacts.get')).query({ contactId: 'x' }), 401, NOT_LOGGED_IN);
		});
	});

	describe('GET omnichannel/contacts.search', () => {
		let token: string;

		before(async () => {
			token = uniqueToken();
			await createContact({ name: `${token} charlie`, phones: [`+1 (555) 77${token}`] });
			await createContact({ name: `${token} Alpha`, phones: [`+1 555 77${token}`] });
			await createContact({ name: `${token} bravo a.b`, emails: [`BRAVO.${token}@Example.com`] });
			await createContact({ name: `${token} delta axb` });
		});

		function search(query: Record<string, string | number | boolean>) {
			return request.get(api('omnichannel/contacts.search')).set(credentials).query(query);
		}

		function names(res: Response): string[] {
			return res.body.contacts.map((contact: { name: string }) => contact.name);
		}

		it('finds a case-insensitive substring of names, emails and phones, sorted by name', async () => {
			const res = await search({ searchText: token.toUpperCase() });

			expect(res.status).to.equal(200);
			expect(names(res)).to.deep.equal([`${token} Alpha`, `${token} bravo a.b`, `${token} charlie`, `${token} delta axb`]);
			expect(res.body).to.include({ count: 50, offset: 0, total: 4, success: true });
			expect(names(await search({ searchText: `bravo.${token}@example` }))).to.deep.equal([`${token} bravo a.b`]);
		});

		it('matches the search text literally, not as a regex', async () => {
			expect(names(await search({ searchText: `(555) 77${token}` }))).to.deep.equal([`${token} charlie`]);
			expect(names(await search({ searchText: `${token} bravo a.b` }))).to.deep.equal([`${token} bravo a.b`]);
			expect(names(await search({ searchText: 'a.b', count: 100 })).filter((name) => name.startsWith(token))).to.deep.equal([`${token} bravo a.b`]);
			expect((await search({ searchText: `${token}.*` })).body.total).to.equal(0);
		});

		it('pages with count and offset, echoing the page size as count and the full total', async () => {
			const firstPage = await search({ searchText: token, count: 2 });
			expect(names(firstPage)).to.deep.equal([`${token} Alpha`, `${token} bravo a.b`]);
			expect(firstPage.body).to.include({ count: 2, offset: 0, total: 4 });

			const lastPage = await search({ searchText: token, count: 3, offset: 3 });
			expect(names(lastPage)).to.deep.equal([`${token} delta axb`]);
			expect(lastPage.body).to.include({ count: 3, offset: 3, total: 4 });

			expect((await search({ searchText: token, count: 500 })).body.count).to.equal(100);
		});

		it('sorts by the given JSON sort and refuses an invalid one', async () => {
			const sorted = await search({ searchText: token, sort: '{"name":-1}' });
			expect(names(sorted)).to.deep.equal([`${token} delta axb`, `${token} charlie`, `${token} bravo a.b`, `${token} Alpha`]);

			for (const sort of ['{"name":2}', 'name']) {
				expectFailure(await search({ sort }), 400, {
					success: false,
					error: `Invalid sort parameter provided: "${sort}" [error-invalid-sort]`,
					errorType: 'error-invalid-sort',
					details: { helperMethod: 'parseJsonQuery' },
				});
			}
		});

		it('returns only unknown contacts when unknown=true', async () => {
			const res = await search({ searchText: token, unknown: true });

			expect(res.body).to.include({ total: 0 });
			expect(res.body.contacts).to.deep.equal([]);
		});

		it('expands the contact manager to _id, name and username, and drops a deleted one', async () => {
			const managerToken = uniqueToken();
			const manager = await createUser({ roles: ['user', 'livechat-agent'], name: 'Manager Person' });
			await createContact({ name: `${managerToken} managed`, contactManager: manager._id });

			const before = await search({ searchText: managerToken });
			expect(before.body.contacts[0].contactManager).to.deep.equal({ _id: manager._id, name: 'Manager Person', username: manager.username });

			const deleted = await request.post(api('users.delete')).set(credentials).send({ userId: manager._id });
			expect(deleted.status, JSON.stringify(deleted.body)).to.equal(200);

			const after = await search({ searchText: managerToken });
			expect(after.body.contacts[0]).to.not.have.property('contactManager');
		});

		it('leaves deleted contacts out', async () => {
			const deletedToken = uniqueToken();
			await deleteContact(await createContact({ name: `${deletedToken} gone` }));

			expect((await search({ searchText: deletedToken })).body).to.include({ total: 0 });
		});

		it('refuses unknown query parameters and mistyped ones', async () => {
			expectFailure(await search({ fields: '{"name":1}' }), 400, invalidParams('must NOT have additional properties'));
			expectFailure(await search({ query: '{}' }), 400, invalidParams('must NOT have additional properties'));
			expectFailure(await search({ count: 'ten' }), 400, invalidParams('must be number'));
			expectFailure(await search({ unknown: 'maybe' }), 400, invalidParams('must be boolean'));
		});

		it('needs view-livechat-contact and a login', async () => {
			expectFailure(await request.get(api('omnichannel/contacts.search')).set(plainUser.credentials), 403, PERMISSION_DENIED);
			expectFailure(await request.get(api('omnichannel/contacts.search')), 401, NOT_LOGGED_IN);
		});
	});

	describe('GET omnichannel/contacts.checkExistence', () => {
		let contactId: string;
		let email: string;
		let phone: string;

		before(async () => {
			const token = uniqueToken();
			email = `Exists.${token}@example.com`;
			phone = `+55 (11) ${token}`;
			contactId = await createContact({ name: 'exists', emails: [email], phones: [phone] });
		});

		function checkExistence(query: Partial<Record<string, string>>) {
			return request.get(api('omnichannel/contacts.checkExistence')).set(credentials).query(query);
		}

		it('is true for an exact id, email or phone', async () => {
			for (const query of [{ contactId }, { email }, { phone }]) {
				const res = await checkExistence(query);
				expect(res.status).to.equal(200);
				expect(res.body).to.deep.equal({ exists: true, success: true });
			}
		});

		it('is false for anything else, comparing case-sensitively', async () => {
			for (const query of [{ contactId: UNKNOWN_CONTACT_ID }, { email: email.toLowerCase() }, { phone: phone.replace(/\D/g, '') }]) {
				expect((await checkExistence(query)).body).to.deep.equal({ exists: false, success: true });
			}
		});

		it('after a delete still finds the id but no longer the email or phone', async () => {
			const token = uniqueToken();
			const deletedEmail = `deleted.${token}@example.com`;
			const deletedPhone = `+1 ${token}`;
			const deletedId = await createContact({ name: 'to delete', emails: [deletedEmail], phones: [deletedPhone] });
			await deleteContact(deletedId);

			expect((await checkExistence({ contactId: deletedId })).body.exists).to.equal(true);
			expect((await checkExistence({ email: deletedEmail })).body.exists).to.equal(false);
			expect((await checkExistence({ phone: deletedPhone })).body.exists).to.equal(false);
		});

		it('requires exactly one of contactId, email and phone', async () => {
			expectFailure(
				await checkExistence({}),
				400,
				invalidParams(
					"must have required property 'contactId'\n must have required property 'email'\n must have required property 'phone'\n must match exactly one schema in oneOf",
				),
			);
			expectFailure(
				await checkExistence({ contactId, email, phone }),
				400,
				invalidParams(
					'must NOT have additional properties\n must NOT have additional properties\n must NOT have additional properties\n must match exactly one schema in oneOf',
				),
			);
			expectFailure(
				await checkExistence({ email: 'foo' }),
				400,
				invalidParams(
					"must have required property 'contactId'\n must match format \"basic_email\"\n must have required property 'phone'\n must match exactly one schema in oneOf",
				),
			);
		});

		it('needs view-livechat-contact and a login', async () => {
			expectFailure(await request.get(api('omnichannel/contacts.checkExistence')).set(plainUser.credentials).query({ contactId }), 403, PERMISSION_DENIED);
			expectFailure(await request.get(api('omnichannel/contacts.checkExistence')).query({ contactId }), 401, NOT_LOGGED_IN);
		});
	});

});
