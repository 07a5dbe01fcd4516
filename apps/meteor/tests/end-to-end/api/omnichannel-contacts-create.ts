import { expect } from 'chai';
import supertest from 'supertest';

import { api, createUser, credentials, request, useProductionLikeServer, type Credentials, type TestUser } from '../../data/api-data';

const NOT_LOGGED_IN = { success: false, error: 'You must be logged in to do this.', status: 'error', message: 'You must be logged in to do this.' };
const PERMISSION_DENIED = { success: false, error: 'User does not have the permissions required for this action [error-unauthorized]' };
const CONTACT_KEYS = ['_id', '_updatedAt', 'createdAt', 'name', 'emails', 'phones', 'channels', 'customFields', 'unknown', 'preRegistration'];

const validBody = () => ({ name: 'John Doe', emails: ['john@example.com'], phones: ['+1 555 0100'] });

async function getStoredContact(contactId: string): Promise<Record<string, any>> {
	const res = await request.get(api('omnichannel/contacts.get')).set(credentials).query({ contactId }).expect(200);
	return res.body.contact;
}

/** A 400 from a thrown error carries `stack` under TEST_MODE; everything else must match exactly. */
function expectFailure(body: Record<string, unknown>, expected: Record<string, unknown>): void {
	const { stack, ...rest } = body;
	expect(stack).to.be.a('string');
	expect(rest).to.deep.equal(expected);
}

async function setPermissionRoles(_id: string, roles: string[]): Promise<void> {
	await request.post(api('permissions.update')).set(credentials).send({ permissions: [{ _id, roles }] }).expect(200);
}

describe('[POST omnichannel/contacts]', () => {
	let agent: TestUser;
	let plainUser: TestUser;

	before(async () => {
		agent = await createUser({ roles: ['user', 'livechat-agent'] });
		plainUser = await createUser({ roles: ['user'] });
	});

	describe('200', () => {
		it('answers exactly {contactId, success} with a 24-hex id', async () => {
			const res = await request.post(api('omnichannel/contacts')).set(credentials).send(validBody()).expect(200);
			expect(res.headers['content-type']).to.equal('application/json');
			expect(Object.keys(res.body)).to.deep.equal(['contactId', 'success']);
			expect(res.body.contactId).to.match(/^[0-9a-f]{24}$/);
			expect(res.body.success).to.equal(true);
		});

		it('stores the documented document: objects for emails and phones, no normalization, no null keys', async () => {
			const body = { name: '  Mixed Case  ', emails: ['John.DOE@Example.COM', 'second@x.io'], phones: ['(555) 123-4567'] };
			const { contactId } = (await request.post(api('omnichannel/contacts')).set(agent.credentials).send(body).expect(200)).body;

			const contact = await getStoredContact(contactId);
			expect(contact).to.have.all.keys(...CONTACT_KEYS);
			expect(contact).to.deep.include({
				_id: contactId,
				name: '  Mixed Case  ',
				emails: [{ address: 'John.DOE@Example.COM' }, { address: 'second@x.io' }],
				phones: [{ phoneNumber: '(555) 123-4567' }],
				channels: [],
				customFields: {},
				unknown: false,
				preRegistration: true,
			});
			expect(new Date(contact.createdAt).toISOString()).to.equal(contact.createdAt);
			expect(JSON.stringify(contact)).not.to.contain('null');
		});

		it('accepts an empty name and empty lists, storing the lists', async () => {
			const { contactId } = (await request.post(api('omnichannel/contacts')).set(credentials).send({ name: '', emails: [], phones: [] }).expect(200)).body;
			expect(await getStoredContact(contactId)).to.deep.include({ name: '', emails: [], phones: [] });
		});

		it('coerces numbers to strings and stores the coerced values', async () => {
			const { contactId } = (await request.post(api('omnichannel/contacts')).set(credentials).send({ name: 123, emails: [], phones: [5551234] }).expect(200))
				.body;
			expect(await getStoredContact(contactId)).to.deep.include({ name: '123', phones: [{ phoneNumber: '5551234' }] });
		});

		it('lets two contacts share an email and a phone', async () => {
			const first = (await request.post(api('omnichannel/contacts')).set(credentials).send(validBody()).expect(200)).body.contactId;
			const second = (await request.post(api('omnichannel/contacts')).set(credentials).send(validBody()).expect(200)).body.contactId;
			expect(first).not.to.equal(second);
		});

		it('treats null customFields and contactManager as absent', async () => {
			const { contactId } = (
				await request
					.post(api('omnichannel/contacts'))
					.set(credentials)
					.send({ ...validBody(), customFields: null, contactManager: null })
					.expect(200)
			).body;
			const contact = await getStoredContact(contactId);
			expect(contact).to.have.all.keys(...CONTACT_KEYS);
			expect(contact.customFields).to.deep.equal({});
		});
	});

	describe('400 invalid-params (validation comes before the permission check)', () => {
		const cases: Array<[string, Record<string, unknown>, string]> = [
			['a missing name', { emails: [], phones: [] }, "must have required property 'name' [invalid-params]"],
			['missing emails', { name: 'x', phones: [] }, "must have required property 'emails' [invalid-params]"],
			['missing phones', { name: 'x', emails: [] }, "must have required property 'phones' [invalid-params]"],
			['an empty body', {}, "must have required property 'name' [invalid-params]"],
			['a string instead of an email list', { name: 'x', emails: 'a@b.c', phones: [] }, 'must be array [invalid-params]'],
			['an object as name', { name: { first: 'x' }, emails: [], phones: [] }, 'must be string [invalid-params]'],
			[
				'duplicate emails',
				{ name: 'x', emails: ['a@b.c', 'a@b.c'], phones: [] },
				'must NOT have duplicate items (items ## 1 and 0 are identical) [invalid-params]',
			],
			['an unknown property', { ...validBody(), extra: 1 }, 'must NOT have additional properties [invalid-params]'],
			// The public documentation's sample body misspells customFields.
			['the documented "customFileds" typo', { ...validBody(), customFileds: { a: 'b' } }, 'must NOT have additional properties [invalid-params]'],
			['customFields that are not an object', { ...validBody(), customFields: 'x' }, 'must be object [invalid-params]'],
		];

		for (const [what, body, message] of cases) {
			it(`rejects ${what}`, async () => {
				const res = await request.post(api('omnichannel/contacts')).set(credentials).send(body).expect(400);
				expectFailure(res.body, { success: false, error: message, errorType: 'invalid-params' });
			});
		}

		it('answers the API page example byte for byte (key set and strings)', async () => {
			const res = await request.post(api('omnichannel/contacts')).set(credentials).send({ name: 'x', phones: [] }).expect(400);
			expect(res.body).to.have.all.keys('success', 'error', 'errorType', 'stack');
			expect(res.body).to.include({ success: false, error: "must have required property 'emails' [invalid-params]", errorType: 'invalid-params' });
		});

		it('answers 400, not 403, to a caller without the permission who sends an invalid body', async () => {
			const res = await request.post(api('omnichannel/contacts')).set(plainUser.credentials).send({ name: 'x', phones: [] }).expect(400);
			expect(res.body.error).to.equal("must have required property 'emails' [invalid-params]");
		});
	});

	describe('401', () => {
		it('answers the 7.x four-key body without credentials, even for an invalid body', async () => {
			for (const body of [validBody(), {}]) {
				const res = await request.post(api('omnichannel/contacts')).send(body).expect(401);
				expect(res.body).to.deep.equal(NOT_LOGGED_IN);
			}
		});

		it('answers the same to a wrong token', async () => {
			const res = await request
				.post(api('omnichannel/contacts'))
				.set({ 'X-User-Id': agent._id, 'X-Auth-Token': 'forged' })
				.send(validBody())
				.expect(401);
			expect(res.body).to.deep.equal(NOT_LOGGED_IN);
		});
	});

	describe('403', () => {
		it('refuses a valid body from a user without create-livechat-contact', async () => {
			const res = await request.post(api('omnichannel/contacts')).set(plainUser.credentials).send(validBody()).expect(403);
			expect(res.body).to.deep.equal(PERMISSION_DENIED);
		});

		it('applies a permission change on the very next request, and its restoration too', async () => {
			// The default also names livechat-monitor, which CE cannot grant (no such role): restore the rest.
			const defaultRoles = ['livechat-manager', 'livechat-agent', 'admin'];
			await request.post(api('omnichannel/contacts')).set(agent.credentials).send(validBody()).expect(200);
			try {
				await setPermissionRoles('create-livechat-contact', ['livechat-manager', 'admin']);
				const res = await request.post(api('omnichannel/contacts')).set(agent.credentials).send(validBody()).expect(403);
				expect(res.body).to.deep.equal(PERMISSION_DENIED);
			} finally {
				await setPermissionRoles('create-livechat-contact', defaultRoles);
			}
			await request.post(api('omnichannel/contacts')).set(agent.credentials).send(validBody()).expect(200);
		});

		it('grants the permission to a user as soon as they get the agent role', async () => {
			const newcomer = await createUser({ roles: ['user'] });
			await request.post(api('omnichannel/contacts')).set(newcomer.credentials).send(validBody()).expect(403);
			await request.post(api('livechat/users/agent')).set(credentials).send({ username: newcomer.username }).expect(200);
			await request.post(api('omnichannel/contacts')).set(newcomer.credentials).send(validBody()).expect(200);
		});
	});

	describe('contact manager', () => {
		it('stores an agent given by user id', async () => {
			const { contactId } = (
				await request
					.post(api('omnichannel/contacts'))
					.set(credentials)
					.send({ ...validBody(), contactManager: agent._id })
					.expect(200)
			).body;
			expect((await getStoredContact(contactId)).contactManager).to.equal(agent._id);
		});

		it('refuses an unknown id, a non-agent and a username alike, with the plain error', async () => {
			for (const contactManager of ['no-such-user', plainUser._id, agent.username]) {
				const res = await request
					.post(api('omnichannel/contacts'))
					.set(credentials)
					.send({ ...validBody(), contactManager })
					.expect(400);
				expectFailure(res.body, { success: false, error: 'error-contact-manager-not-found' });
			}
		});

		it('accepts a deactivated agent: activity is not checked', async () => {
			const idleAgent = await createUser({ roles: ['user', 'livechat-agent'] });
			await request.post(api('users.setActiveStatus')).set(credentials).send({ userId: idleAgent._id, activeStatus: false }).expect(200);
			await request
				.post(api('omnichannel/contacts'))
				.set(credentials)
				.send({ ...validBody(), contactManager: idleAgent._id })
				.expect(200);
		});

		it('does not store an empty contactManager', async () => {
			const { contactId } = (
				await request
					.post(api('omnichannel/contacts'))
					.set(credentials)
					.send({ ...validBody(), contactManager: '' })
					.expect(200)
			).body;
			expect(await getStoredContact(contactId)).not.to.have.property('contactManager');
		});
	});

	describe('custom fields', () => {
		const created: string[] = [];

		async function saveField(field: string, data: Record<string, unknown>): Promise<void> {
			await request
				.post(api('livechat/custom-fields.save'))
				.set(credentials)
				.send({ customFieldId: null, customFieldData: { field, label: field, scope: 'visitor', visibility: 'visible', ...data } })
				.expect(200);
			created.push(field);
		}

		afterEach(async () => {
			for (const customFieldId of created.splice(0)) {
				await request.post(api('livechat/custom-fields.delete')).set(credentials).send({ customFieldId }).expect(200);
			}
		});

		it('stores allowed values trimmed and drops empty optional ones', async () => {
			await saveField('cpf', {});
			await saveField('nickname', {});
			const { contactId } = (
				await request
					.post(api('omnichannel/contacts'))
					.set(credentials)
					.send({ ...validBody(), customFields: { cpf: '  123.456  ', nickname: '' } })
					.expect(200)
			).body;
			expect((await getStoredContact(contactId)).customFields).to.deep.equal({ cpf: '123.456' });
		});

		it('fails a missing required field with its label', async () => {
			await saveField('cf1', { label: 'Custom Field 1', required: true });
			const res = await request.post(api('omnichannel/contacts')).set(credentials).send(validBody()).expect(400);
			expectFailure(res.body, { success: false, error: 'Invalid value for Custom Field 1 field' });
		});

		it('fails a value that does not match the regexp', async () => {
			await saveField('zip', { label: 'Zip code', regexp: '^[0-9]{5}$' });
			const res = await request
				.post(api('omnichannel/contacts'))
				.set(credentials)
				.send({ ...validBody(), customFields: { zip: '12ab' } })
				.expect(400);
			expectFailure(res.body, { success: false, error: 'Invalid value for Zip code field' });
		});

		it('refuses unknown, hidden and room-scoped fields', async () => {
			await saveField('hiddenField', { visibility: 'hidden' });
			await saveField('roomField', { scope: 'room' });
			for (const key of ['unknownField', 'hiddenField', 'roomField']) {
				const res = await request
					.post(api('omnichannel/contacts'))
					.set(credentials)
					.send({ ...validBody(), customFields: { [key]: 'x' } })
					.expect(400);
				expectFailure(res.body, { success: false, error: `Custom field ${key} is not allowed` });
			}
		});

		it('checks the contact manager before the custom fields', async () => {
			const res = await request
				.post(api('omnichannel/contacts'))
				.set(credentials)
				.send({ ...validBody(), contactManager: 'nobody', customFields: { unknownField: 'x' } })
				.expect(400);
			expect(res.body.error).to.equal('error-contact-manager-not-found');
		});
	});
});

describe('[POST omnichannel/contacts] on a server without TEST_MODE: the API page bodies byte for byte', () => {
	const ADMIN = { username: 'contacts.admin', password: 'contacts-admin-pass', email: 'contacts.admin@example.com' };
	const prod = useProductionLikeServer(ADMIN);
	let client: ReturnType<typeof supertest>;
	let admin: Credentials;

	before(() => {
		({ client, admin } = prod);
	});

	const create = (body: object, headers: Record<string, string> = admin) => client.post(api('omnichannel/contacts')).set(headers).send(body);

	it('200', async () => {
		const res = await create({ name: 'John', emails: ['john@example.com'], phones: ['+15550100'] }).expect(200);
		expect(res.text).to.match(/^\{"contactId":"[0-9a-f]{24}","success":true\}$/);
	});

	it('400 invalid-params, without stack', async () => {
		const res = await create({ name: 'John', phones: [] }).expect(400);
		expect(res.text).to.equal(`{"success":false,"error":"must have required property 'emails' [invalid-params]","errorType":"invalid-params"}`);
	});

	it('400 error-contact-manager-not-found', async () => {
		const res = await create({ name: 'John', emails: [], phones: [], contactManager: 'nobody' }).expect(400);
		expect(res.text).to.equal('{"success":false,"error":"error-contact-manager-not-found"}');
	});

	it('401', async () => {
		const res = await create({ name: 'John', emails: [], phones: [] }, {}).expect(401);
		expect(res.text).to.equal(
			'{"success":false,"error":"You must be logged in to do this.","status":"error","message":"You must be logged in to do this."}',
		);
	});

	it('403', async () => {
		const user = await createUser({ roles: ['user'] }, prod.server, admin);
		const res = await create({ name: 'John', emails: [], phones: [] }, user.credentials).expect(403);
		expect(res.text).to.equal('{"success":false,"error":"User does not have the permissions required for this action [error-unauthorized]"}');
	});
});
