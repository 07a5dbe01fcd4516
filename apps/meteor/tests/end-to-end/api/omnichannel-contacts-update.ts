import { randomBytes } from 'node:crypto';

import { expect } from 'chai';

import { api, createUser, credentials, request, type TestUser } from '../../data/api-data';
import { createContact, deleteContact, expectFailure, getContact, invalidParams, NOT_LOGGED_IN, PERMISSION_DENIED, UNKNOWN_CONTACT_ID } from '../../data/contacts';

/*
 * contacts.update over real HTTP on the shared TEST_MODE server (Rocket.Chat's `updateContact`):
 * partial updates, nullable fields, custom fields and their legacy keys, errors.
 */

describe('[Omnichannel contacts] POST contacts.update', () => {
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

});
