import { randomBytes } from 'node:crypto';

import { expect } from 'chai';
import type { Response } from 'supertest';

import { api, createUser, credentials, request, type TestUser } from '../../data/api-data';

/*
 * The contacts family besides create (spec §6.1–§6.8): update, get, search,
 * checkExistence, delete, channels, history and conflicts over real HTTP on
 * the shared TEST_MODE server. Contacts with channels, conflicts and closed
 * rooms cannot be made through the API; omnichannel-contacts-seeded.ts covers them.
 */

const NOT_LOGGED_IN = {
	success: false,
	error: 'You must be logged in to do this.',
	status: 'error',
	message: 'You must be logged in to do this.',
};

const PERMISSION_DENIED = {
	success: false,
	error: 'User does not have the permissions required for this action [error-unauthorized]',
};

const UNKNOWN_CONTACT_ID = '65f0c0ffee0123456789abcd';

/** A token that makes this run's contacts findable among everyone else's. */
function uniqueToken(): string {
	return `zq${randomBytes(5).toString('hex')}`;
}

/** Exception-derived 400s carry a TEST_MODE `stack`; everything else must match exactly. */
function expectFailure(res: Response, status: number, body: Record<string, unknown>): void {
	expect(res.status, JSON.stringify(res.body)).to.equal(status);
	const { stack, ...rest } = res.body;
	expect(rest).to.deep.equal(body);
	if (stack !== undefined) {
		expect(stack).to.be.a('string');
	}
}

function invalidParams(error: string): Record<string, unknown> {
	return { success: false, error: `${error} [invalid-params]`, errorType: 'invalid-params' };
}

async function createContact(body: Record<string, unknown>): Promise<string> {
	const res = await request.post(api('omnichannel/contacts')).set(credentials).send({ emails: [], phones: [], ...body });
	expect(res.status, JSON.stringify(res.body)).to.equal(200);
	return res.body.contactId;
}

async function getContact(contactId: string): Promise<Response> {
	return request.get(api('omnichannel/contacts.get')).set(credentials).query({ contactId });
}

async function deleteContact(contactId: string): Promise<void> {
	const res = await request.post(api('omnichannel/contacts.delete')).set(credentials).send({ contactId });
	expect(res.status, JSON.stringify(res.body)).to.equal(200);
}

describe('[Omnichannel contacts: update, get, search, checkExistence, delete, channels, history, conflicts]', () => {
	let agent: TestUser;
	let plainUser: TestUser;

	before(async () => {
		agent = await createUser({ roles: ['user', 'livechat-agent'], name: 'Agent Contact Manager' });
		plainUser = await createUser({ roles: ['user'] });
	});

	describe('POST omnichannel/contacts.update', () => {
		let contactId: string;

		beforeEach(async () => {
			contactId = await createContact({ name: 'Before Update', emails: ['before@example.com'], phones: ['+1 555 0100'] });
		});

		it('updates only the sent fields and answers with the full contact', async () => {
			const res = await request
				.post(api('omnichannel/contacts.update'))
				.set(credentials)
				.send({ contactId, name: 'After Update', phones: ['+1 555 0199', '+1 555 0198'] });

			expect(res.status).to.equal(200);
			expect(res.body.success).to.equal(true);
			expect(res.body.contact).to.deep.include({
				_id: contactId,
				name: 'After Update',
				emails: [{ address: 'before@example.com' }],
				phones: [{ phoneNumber: '+1 555 0199' }, { phoneNumber: '+1 555 0198' }],
				unknown: false,
				customFields: {},
				channels: [],
			});
			expect((await getContact(contactId)).body.contact).to.deep.equal(res.body.contact);
		});

		it('coerces a number name to a string and writes empty lists', async () => {
			const res = await request.post(api('omnichannel/contacts.update')).set(credentials).send({ contactId, name: 123, emails: [] });

			expect(res.status).to.equal(200);
			expect(res.body.contact).to.deep.include({ name: '123', emails: [] });
		});

		it('treats null fields as not sent', async () => {
			const res = await request
				.post(api('omnichannel/contacts.update'))
				.set(credentials)
				.send({ contactId, emails: null, phones: null, customFields: null, contactManager: null, wipeConflicts: null });

			expect(res.status).to.equal(200);
			expect(res.body.contact).to.deep.include({ name: 'Before Update', emails: [{ address: 'before@example.com' }] });
			expect(res.body.contact).to.not.have.property('contactManager');
		});

		it('sets an agent as contact manager', async () => {
			const res = await request.post(api('omnichannel/contacts.update')).set(credentials).send({ contactId, contactManager: agent._id });

			expect(res.status).to.equal(200);
			expect(res.body.contact.contactManager).to.equal(agent._id);
		});

		it('refuses a contact manager who is not an agent with a plain error', async () => {
			const res = await request.post(api('omnichannel/contacts.update')).set(credentials).send({ contactId, contactManager: plainUser._id });

			expectFailure(res, 400, { success: false, error: 'error-contact-manager-not-found' });
		});

		it('wipes conflicts on request, leaving an empty list', async () => {
			const res = await request.post(api('omnichannel/contacts.update')).set(credentials).send({ contactId, wipeConflicts: true });

			expect(res.status).to.equal(200);
			expect(res.body.contact.conflictingFields).to.deep.equal([]);
		});

		it('answers a plain error-contact-not-found for an unknown or deleted contact', async () => {
			const deletedId = await createContact({ name: 'deleted' });
			await deleteContact(deletedId);

			for (const id of [UNKNOWN_CONTACT_ID, deletedId]) {
				const res = await request.post(api('omnichannel/contacts.update')).set(credentials).send({ contactId: id, name: 'x' });
				expectFailure(res, 400, { success: false, error: 'error-contact-not-found' });
			}
		});

		it('validates the body with Rocket.Chat\'s messages', async () => {
			const cases: [Record<string, unknown>, string][] = [
				[{ name: 'x' }, "must have required property 'contactId'"],
				[{ contactId, customFileds: {} }, 'must NOT have additional properties'],
				[{ contactId, emails: 'a@example.com' }, 'must be array'],
				[{ contactId, phones: ['1', '1'] }, 'must NOT have duplicate items (items ## 1 and 0 are identical)'],
				[{ contactId, customFields: 'x' }, 'must be object'],
				[{ contactId, name: { first: 'x' } }, 'must be string'],
			];
			for (const [body, error] of cases) {
				const res = await request.post(api('omnichannel/contacts.update')).set(credentials).send(body);
				expectFailure(res, 400, invalidParams(error));
			}
		});

		it('validates before checking permissions and needs update-livechat-contact', async () => {
			const invalid = await request.post(api('omnichannel/contacts.update')).set(plainUser.credentials).send({});
			expectFailure(invalid, 400, invalidParams("must have required property 'contactId'"));

			const denied = await request.post(api('omnichannel/contacts.update')).set(plainUser.credentials).send({ contactId, name: 'x' });
			expectFailure(denied, 403, PERMISSION_DENIED);

			const allowed = await request.post(api('omnichannel/contacts.update')).set(agent.credentials).send({ contactId, name: 'by agent' });
			expect(allowed.status).to.equal(200);
		});

		it('answers 401 without a login', async () => {
			const res = await request.post(api('omnichannel/contacts.update')).send({ contactId });
			expectFailure(res, 401, NOT_LOGGED_IN);
		});

		describe('custom fields', () => {
			const fieldId = `cf_${randomBytes(4).toString('hex')}`;
			const legacyFieldId = `legacy_${randomBytes(4).toString('hex')}`;

			async function saveCustomField(field: string, extra: Record<string, unknown> = {}): Promise<void> {
				const res = await request
					.post(api('livechat/custom-fields.save'))
					.set(credentials)
					.send({ customFieldId: null, customFieldData: { field, label: `Label ${field}`, scope: 'visitor', visibility: 'visible', ...extra } });
				expect(res.status, JSON.stringify(res.body)).to.equal(200);
			}

			async function removeCustomField(field: string): Promise<void> {
				await request.post(api('livechat/custom-fields.delete')).set(credentials).send({ customFieldId: field });
			}

			before(async () => {
				await saveCustomField(fieldId, { regexp: '^[0-9]+$' });
				await saveCustomField(legacyFieldId);
			});

			after(async () => {
				await removeCustomField(fieldId);
				await removeCustomField(legacyFieldId);
			});

			it('replaces the custom fields with the validated, trimmed values', async () => {
				const withBoth = await request
					.post(api('omnichannel/contacts.update'))
					.set(credentials)
					.send({ contactId, customFields: { [fieldId]: ' 42 ', [legacyFieldId]: 'x' } });
				expect(withBoth.body.contact.customFields).to.deep.equal({ [fieldId]: '42', [legacyFieldId]: 'x' });

				const replaced = await request.post(api('omnichannel/contacts.update')).set(credentials).send({ contactId, customFields: { [fieldId]: '7' } });
				expect(replaced.body.contact.customFields).to.deep.equal({ [fieldId]: '7' });
			});

			it('refuses invalid values and keys that are not allowed with plain errors', async () => {
				const invalid = await request.post(api('omnichannel/contacts.update')).set(credentials).send({ contactId, customFields: { [fieldId]: 'abc' } });
				expectFailure(invalid, 400, { success: false, error: `Invalid value for Label ${fieldId} field` });

				const notAllowed = await request.post(api('omnichannel/contacts.update')).set(credentials).send({ contactId, customFields: { nope: '1' } });
				expectFailure(notAllowed, 400, { success: false, error: 'Custom field nope is not allowed' });
			});

			it('keeps a field the workspace no longer defines, unchangeable', async () => {
				const legacyContactId = await createContact({ name: 'legacy', customFields: { [fieldId]: '1', [legacyFieldId]: 'stored' } });
				await removeCustomField(legacyFieldId);
				try {
					const res = await request
						.post(api('omnichannel/contacts.update'))
						.set(credentials)
						.send({ contactId: legacyContactId, customFields: { [fieldId]: '2', [legacyFieldId]: 'changed' } });
					expect(res.status, JSON.stringify(res.body)).to.equal(200);
					expect(res.body.contact.customFields).to.deep.equal({ [fieldId]: '2', [legacyFieldId]: 'stored' });

					const unknownKey = await request
						.post(api('omnichannel/contacts.update'))
						.set(credentials)
						.send({ contactId: legacyContactId, customFields: { other: 'x' } });
					expectFailure(unknownKey, 400, { success: false, error: 'Custom field other is not allowed' });
				} finally {
					await saveCustomField(legacyFieldId);
				}
			});
		});
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

	describe('POST omnichannel/contacts.delete', () => {
		it('soft-deletes: success, then get answers 404 and a second delete 404s too', async () => {
			const contactId = await createContact({ name: 'delete me' });

			const res = await request.post(api('omnichannel/contacts.delete')).set(credentials).send({ contactId });
			expect(res.status).to.equal(200);
			expect(res.body).to.deep.equal({ success: true });

			expectFailure(await getContact(contactId), 404, { success: false, error: 'Resource not found' });
			const again = await request.post(api('omnichannel/contacts.delete')).set(credentials).send({ contactId });
			expect(again.status).to.equal(404);
			expect(again.body).to.deep.equal({ success: false, error: 'error-contact-not-found' });
		});

		it('answers 404 error-contact-not-found for an unknown contact', async () => {
			const res = await request.post(api('omnichannel/contacts.delete')).set(credentials).send({ contactId: UNKNOWN_CONTACT_ID });

			expect(res.status).to.equal(404);
			expect(res.body).to.deep.equal({ success: false, error: 'error-contact-not-found' });
		});

		it('validates the body before authentication, without the code suffix', async () => {
			const cases: [unknown, string][] = [
				[{}, "must have required property 'contactId'"],
				[{ contactId: 'x', extra: 1 }, 'must NOT have additional properties'],
				[{ contactId: {} }, 'must be string'],
			];
			for (const [body, error] of cases) {
				const res = await request.post(api('omnichannel/contacts.delete')).send(body as object);
				expect(res.status).to.equal(400);
				expect(res.body).to.deep.equal({ success: false, errorType: 'invalid-params', error });
			}
		});

		it('needs a login and delete-livechat-contact, which agents lack', async () => {
			const contactId = await createContact({ name: 'not deletable by agents' });

			expectFailure(await request.post(api('omnichannel/contacts.delete')).send({ contactId }), 401, NOT_LOGGED_IN);
			expectFailure(await request.post(api('omnichannel/contacts.delete')).set(agent.credentials).send({ contactId }), 403, PERMISSION_DENIED);
			expect((await getContact(contactId)).status).to.equal(200);
		});
	});

	describe('GET omnichannel/contacts.channels', () => {
		it('answers an empty list for a contact without channels and for an unknown contact', async () => {
			const contactId = await createContact({ name: 'no channels' });

			for (const id of [contactId, UNKNOWN_CONTACT_ID]) {
				const res = await request.get(api('omnichannel/contacts.channels')).set(credentials).query({ contactId: id });
				expect(res.status).to.equal(200);
				expect(res.body).to.deep.equal({ channels: [], success: true });
			}
		});

		it('requires contactId and nothing else', async () => {
			expectFailure(await request.get(api('omnichannel/contacts.channels')).set(credentials), 400, invalidParams("must have required property 'contactId'"));
			expectFailure(
				await request.get(api('omnichannel/contacts.channels')).set(credentials).query({ contactId: 'x', count: 1 }),
				400,
				invalidParams('must NOT have additional properties'),
			);
		});

		it('needs view-livechat-contact and a login', async () => {
			expectFailure(await request.get(api('omnichannel/contacts.channels')).set(plainUser.credentials).query({ contactId: 'x' }), 403, PERMISSION_DENIED);
			expectFailure(await request.get(api('omnichannel/contacts.channels')).query({ contactId: 'x' }), 401, NOT_LOGGED_IN);
		});
	});

	describe('GET omnichannel/contacts.history', () => {
		it('answers an empty page for a contact without closed rooms', async () => {
			const contactId = await createContact({ name: 'no history' });

			const res = await request.get(api('omnichannel/contacts.history')).set(credentials).query({ contactId, offset: 5, source: 'widget' });

			expect(res.status).to.equal(200);
			expect(res.body).to.deep.equal({ history: [], count: 0, offset: 5, total: 0, success: true });
		});

		it('answers a plain error-contact-not-found for an unknown contact', async () => {
			const res = await request.get(api('omnichannel/contacts.history')).set(credentials).query({ contactId: UNKNOWN_CONTACT_ID });

			expectFailure(res, 400, { success: false, error: 'error-contact-not-found' });
		});

		it('validates the query and the sort', async () => {
			expectFailure(await request.get(api('omnichannel/contacts.history')).set(credentials), 400, invalidParams("must have required property 'contactId'"));
			expectFailure(
				await request.get(api('omnichannel/contacts.history')).set(credentials).query({ contactId: 'x', fields: '{}' }),
				400,
				invalidParams('must NOT have additional properties'),
			);
			const contactId = await createContact({ name: 'bad sort' });
			expectFailure(await request.get(api('omnichannel/contacts.history')).set(credentials).query({ contactId, sort: '{"closedAt":0}' }), 400, {
				success: false,
				error: 'Invalid sort parameter provided: "{"closedAt":0}" [error-invalid-sort]',
				errorType: 'error-invalid-sort',
				details: { helperMethod: 'parseJsonQuery' },
			});
		});

		it('needs view-livechat-contact-history and a login', async () => {
			expectFailure(await request.get(api('omnichannel/contacts.history')).set(plainUser.credentials).query({ contactId: 'x' }), 403, PERMISSION_DENIED);
			expectFailure(await request.get(api('omnichannel/contacts.history')).query({ contactId: 'x' }), 401, NOT_LOGGED_IN);
		});
	});

	describe('POST omnichannel/contacts.conflicts', () => {
		let contactId: string;

		beforeEach(async () => {
			contactId = await createContact({ name: 'Conflicted' });
		});

		it('answers the updated contact under result, merging custom fields unvalidated', async () => {
			const res = await request
				.post(api('omnichannel/contacts.conflicts'))
				.set(credentials)
				.send({ contactId, name: 'Resolved', contactManager: agent._id, customFields: { anything: '', other: 'x' } });

			expect(res.status, JSON.stringify(res.body)).to.equal(200);
			expect(res.body).to.have.all.keys('result', 'success');
			expect(res.body.result).to.deep.include({
				_id: contactId,
				name: 'Resolved',
				contactManager: agent._id,
				customFields: { anything: '', other: 'x' },
				conflictingFields: [],
			});
		});

		it('treats null name and manager as not sent', async () => {
			const res = await request.post(api('omnichannel/contacts.conflicts')).set(credentials).send({ contactId, name: null, contactManager: null, wipeConflicts: null });

			expect(res.status).to.equal(200);
			expect(res.body.result).to.include({ name: 'Conflicted' });
		});

		it('answers plain errors for an unknown contact and a non-agent manager', async () => {
			const unknown = await request.post(api('omnichannel/contacts.conflicts')).set(credentials).send({ contactId: UNKNOWN_CONTACT_ID, name: 'x' });
			expectFailure(unknown, 400, { success: false, error: 'error-contact-not-found' });

			const manager = await request.post(api('omnichannel/contacts.conflicts')).set(credentials).send({ contactId, contactManager: plainUser._id });
			expectFailure(manager, 400, { success: false, error: 'error-contact-manager-not-found' });
		});

		it('validates the body: customFields is not nullable', async () => {
			const cases: [Record<string, unknown>, string][] = [
				[{}, "must have required property 'contactId'"],
				[{ contactId, customFields: null }, 'must be object'],
				[{ contactId, emails: [] }, 'must NOT have additional properties'],
			];
			for (const [body, error] of cases) {
				expectFailure(await request.post(api('omnichannel/contacts.conflicts')).set(credentials).send(body), 400, invalidParams(error));
			}
		});

		it('needs update-livechat-contact and a login', async () => {
			expectFailure(await request.post(api('omnichannel/contacts.conflicts')).set(plainUser.credentials).send({ contactId }), 403, PERMISSION_DENIED);
			expectFailure(await request.post(api('omnichannel/contacts.conflicts')).send({ contactId }), 401, NOT_LOGGED_IN);
		});
	});
});
