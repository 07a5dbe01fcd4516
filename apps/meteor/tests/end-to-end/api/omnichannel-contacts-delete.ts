import { expect } from 'chai';

import { api, createUser, credentials, request, type TestUser } from '../../data/api-data';
import { createContact, deleteContact, expectFailure, getContact, NOT_LOGGED_IN, PERMISSION_DENIED, UNKNOWN_CONTACT_ID, uniqueEmail } from '../../data/contacts';

/*
 * The typed contacts.delete route over real HTTP (Rocket.Chat's `disableContactById`): soft delete,
 * validation before authentication, 404s; and no write reaches a deleted contact.
 */

describe('[Omnichannel contacts] POST contacts.delete', () => {
	let agent: TestUser;

	before(async () => {
		agent = await createUser({ roles: ['user', 'livechat-agent'], name: 'Agent Contact Manager' });
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


	describe('no write reaches a deleted contact', () => {
		it('update, conflicts and delete answer as for a missing contact, and the personal data stays gone', async () => {
			const email = uniqueEmail();
			const contactId = await createContact({ name: 'Gone', emails: [email] });
			await deleteContact(contactId);

			const update = await request.post(api('omnichannel/contacts.update')).set(credentials).send({ contactId, name: 'Back', emails: [email] });
			expectFailure(update, 400, { success: false, error: 'error-contact-not-found' });
			const conflicts = await request.post(api('omnichannel/contacts.conflicts')).set(credentials).send({ contactId, name: 'Back' });
			expectFailure(conflicts, 400, { success: false, error: 'error-contact-not-found' });
			const again = await request.post(api('omnichannel/contacts.delete')).set(credentials).send({ contactId });
			expect(again.status).to.equal(404);

			expectFailure(await getContact(contactId), 404, { success: false, error: 'Resource not found' });
			const byEmail = await request.get(api('omnichannel/contacts.checkExistence')).set(credentials).query({ email }).expect(200);
			expect(byEmail.body.exists).to.equal(false);
		});

		// Over HTTP the interleaving (update reads, delete writes, update writes) is not forced, so this is a
		// sanity check under concurrency; updateContact.spec.ts forces the interleaving deterministically.
		it('updates racing deletes never bring a deleted contact\'s data back', async () => {
			const contacts = await Promise.all(
				Array.from({ length: 20 }, async () => {
					const email = uniqueEmail();
					return { email, contactId: await createContact({ name: 'Racing', emails: [email] }) };
				}),
			);

			await Promise.all(
				contacts.flatMap(({ contactId, email }) => [
					// A manager and custom fields make the update read more between its own read and its write.
					request
						.post(api('omnichannel/contacts.update'))
						.set(credentials)
						.send({ contactId, name: 'Racing Update', emails: [email, `second.${email}`], contactManager: agent._id, customFields: {} }),
					request.post(api('omnichannel/contacts.delete')).set(credentials).send({ contactId }),
				]),
			);

			for (const { contactId, email } of contacts) {
				expect((await getContact(contactId)).status, contactId).to.equal(404);
				for (const address of [email, `second.${email}`]) {
					const exists = await request.get(api('omnichannel/contacts.checkExistence')).set(credentials).query({ email: address }).expect(200);
					expect(exists.body.exists, address).to.equal(false);
				}
			}
		});
	});
});
