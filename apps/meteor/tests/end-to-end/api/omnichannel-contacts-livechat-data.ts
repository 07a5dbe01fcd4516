import { expect } from 'chai';

import { api, createUser, credentials, request, type TestUser } from '../../data/api-data';
import {
	addNameConflict,
	createContact,
	deleteContact,
	expectFailure,
	getContact,
	invalidParams,
	NOT_LOGGED_IN,
	PERMISSION_DENIED,
	UNKNOWN_CONTACT_ID,
	uniqueEmail,
} from '../../data/contacts';

/*
 * The endpoints whose data comes from livechat traffic (Rocket.Chat's `apps/meteor/app/livechat/server/api/v1/contact.ts`), on contacts
 * without channels or rooms, and with conflicts made by a visitor as Rocket.Chat makes them.
 * omnichannel-contacts-seeded.ts covers contacts seeded with channels, conflicts and closed rooms.
 */

describe('[Omnichannel contacts] GET contacts.channels, contacts.history; POST contacts.conflicts', () => {
	let agent: TestUser;
	let plainUser: TestUser;

	before(async () => {
		agent = await createUser({ roles: ['user', 'livechat-agent'], name: 'Agent Contact Manager' });
		plainUser = await createUser({ roles: ['user'] });
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
			const email = uniqueEmail();
			contactId = await createContact({ name: 'Conflicted', emails: [email] });
			await addNameConflict(email);
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

		it('answers 400 error-contact-has-no-conflicts for a contact without conflicts, and changes nothing', async () => {
			const calm = await createContact({ name: 'No Conflicts' });

			const res = await request
				.post(api('omnichannel/contacts.conflicts'))
				.set(credentials)
				.send({ contactId: calm, name: 'Changed', contactManager: agent._id, customFields: { city: 'x' }, wipeConflicts: true });

			expectFailure(res, 400, { success: false, error: 'error-contact-has-no-conflicts' });
			const stored = (await getContact(calm)).body.contact;
			expect(stored).to.include({ name: 'No Conflicts', unknown: false });
			expect(stored).not.to.have.property('contactManager');
			expect(stored.customFields).to.deep.equal({});
			expect(stored).not.to.have.property('conflictingFields');
		});

		it('answers a deleted contact like a missing one (400 error-contact-not-found) and writes nothing to it', async () => {
			// (A contact with an open room cannot be deleted, so this one has none.)
			const deleted = await createContact({ name: 'Deleted' });
			await deleteContact(deleted);

			const res = await request.post(api('omnichannel/contacts.conflicts')).set(credentials).send({ contactId: deleted, name: 'Revived', wipeConflicts: true });

			expectFailure(res, 400, { success: false, error: 'error-contact-not-found' });
			expectFailure(await getContact(deleted), 404, { success: false, error: 'Resource not found' });
			const search = await request.get(api('omnichannel/contacts.search')).set(credentials).query({ searchText: 'Revived' }).expect(200);
			expect(search.body.total).to.equal(0);
		});
	});
});
