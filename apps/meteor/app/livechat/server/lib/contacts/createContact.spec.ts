import type { Models } from '@omni/model-typings';
import { expect } from 'chai';

import { openTestDeps, type TestDeps } from '../../../../../tests/data/testDeps';
import { renderError } from '../../../../api/server/errors/renderError';
import { createContact } from './createContact';

describe('createContact', () => {
	let deps: TestDeps;
	let models: Models;

	beforeEach(async () => {
		deps = await openTestDeps();
		models = deps.models;
	});

	afterEach(() => deps.db.close());

	async function addAgent(_id: string, roles = ['user', 'livechat-agent']): Promise<void> {
		await models.Users.insertOne({ _id, username: _id, roles, active: false, type: 'user' } as never);
	}

	it('stores exactly the documented key set, with emails and phones as objects', async () => {
		const before = new Date();
		const contactId = await createContact(deps, { name: 'John Doe', emails: ['John@Example.com '], phones: ['+1 (555) 123'], unknown: false });
		const stored = await models.LivechatContacts.findOneById(contactId);

		expect(contactId).to.match(/^[0-9a-f]{24}$/);
		expect(stored).to.have.all.keys('_id', '_updatedAt', 'createdAt', 'name', 'emails', 'phones', 'channels', 'customFields', 'unknown', 'preRegistration');
		expect(stored).to.deep.include({
			_id: contactId,
			name: 'John Doe',
			emails: [{ address: 'John@Example.com ' }],
			phones: [{ phoneNumber: '+1 (555) 123' }],
			channels: [],
			customFields: {},
			unknown: false,
			preRegistration: true,
		});
		expect(stored!.createdAt).to.be.instanceOf(Date);
		expect(stored!.createdAt.getTime()).to.be.at.least(before.getTime());
		expect(stored!._updatedAt).to.be.instanceOf(Date);
	});

	it('stores empty email and phone lists, but never an empty or absent contact manager', async () => {
		const contactId = await createContact(deps, { name: '', emails: [], phones: [], contactManager: '', unknown: false });
		const stored = await models.LivechatContacts.findOneById(contactId);

		expect(stored).to.deep.include({ name: '', emails: [], phones: [] });
		expect(stored).not.to.have.any.keys('contactManager', 'conflictingFields', 'lastChat', 'activity', 'importIds', 'enabled');
	});

	it('omits emails and phones that were not given', async () => {
		const contactId = await createContact(deps, { name: 'Ann', unknown: false });
		expect(await models.LivechatContacts.findOneById(contactId)).not.to.have.any.keys('emails', 'phones');
	});

	it('stores the contact manager when it is an agent, whatever their status', async () => {
		await addAgent('agentId');
		const contactId = await createContact(deps, { name: 'Ann', emails: [], phones: [], contactManager: 'agentId', unknown: false });
		expect(await models.LivechatContacts.findOneById(contactId)).to.deep.include({ contactManager: 'agentId' });
	});

	it('refuses an unknown contact manager and a user who is not an agent alike, storing nothing', async () => {
		await addAgent('plainUser', ['user']);
		for (const contactManager of ['nobody', 'plainUser']) {
			let error: Error | undefined;
			try {
				await createContact(deps, { name: 'Ann', emails: [], phones: [], contactManager, unknown: false });
			} catch (err) {
				error = err as Error;
			}
			expect(error).to.be.instanceOf(Error);
			expect(error!.message).to.equal('error-contact-manager-not-found');
			// A plain Rocket.Chat text: no code suffix and no errorType on the wire.
			expect(renderError(error, { testMode: false }).body).to.deep.equal({ success: false, error: 'error-contact-manager-not-found' });
		}
		expect(await models.LivechatContacts.countDocuments()).to.equal(0);
	});

	it('validates custom fields against visible visitor fields only, and stores the cleaned values', async () => {
		await models.LivechatCustomField.insertOne({ _id: 'cpf', label: 'CPF', scope: 'visitor', visibility: 'visible' });
		await models.LivechatCustomField.insertOne({ _id: 'secret', label: 'Secret', scope: 'visitor', visibility: 'hidden' });
		await models.LivechatCustomField.insertOne({ _id: 'roomOnly', label: 'Room', scope: 'room', visibility: 'visible' });

		const contactId = await createContact(deps, { name: 'Ann', emails: [], phones: [], customFields: { cpf: ' 123 ' }, unknown: false });
		expect(await models.LivechatContacts.findOneById(contactId)).to.deep.include({ customFields: { cpf: '123' } });

		for (const key of ['secret', 'roomOnly']) {
			let error: Error | undefined;
			try {
				await createContact(deps, { name: 'Ann', emails: [], phones: [], customFields: { [key]: 'x' }, unknown: false });
			} catch (err) {
				error = err as Error;
			}
			expect(error?.message).to.equal(`Custom field ${key} is not allowed`);
		}
	});

	it('treats null custom fields as none, which still fails a required field', async () => {
		await models.LivechatCustomField.insertOne({ _id: 'cf1', label: 'Custom Field 1', scope: 'visitor', visibility: 'visible', required: true });
		let error: Error | undefined;
		try {
			await createContact(deps, { name: 'Ann', emails: [], phones: [], customFields: null, unknown: false });
		} catch (err) {
			error = err as Error;
		}
		expect(error?.message).to.equal('Invalid value for Custom Field 1 field');
	});

	it('checks the contact manager before the custom fields', async () => {
		let error: Error | undefined;
		try {
			await createContact(deps, { name: 'Ann', emails: [], phones: [], contactManager: 'nobody', customFields: { unknownKey: 'x' }, unknown: false });
		} catch (err) {
			error = err as Error;
		}
		expect(error?.message).to.equal('error-contact-manager-not-found');
	});

	it('lets two contacts share the same email and phone', async () => {
		await createContact(deps, { name: 'A', emails: ['same@x.com'], phones: ['1'], unknown: false });
		await createContact(deps, { name: 'B', emails: ['same@x.com'], phones: ['1'], unknown: false });
		expect(await models.LivechatContacts.countDocuments()).to.equal(2);
	});

	it('emits contact.created with the stored contact once the insert succeeded', async () => {
		const created: unknown[] = [];
		deps.events.on('contact.created', ({ contact }) => {
			created.push(contact);
		});

		const contactId = await createContact(deps, { name: 'Ann', emails: ['ann@example.com'], phones: [], unknown: false });

		const stored = await models.LivechatContacts.findOneById(contactId);
		expect(created).to.have.length(1);
		expect(created[0]).to.deep.include({ _id: contactId, name: 'Ann', emails: [{ address: 'ann@example.com' }], createdAt: stored!.createdAt });
	});

	it('emits nothing when the contact is refused', async () => {
		let emitted = false;
		deps.events.on('contact.created', () => {
			emitted = true;
		});

		await createContact(deps, { name: 'Ann', contactManager: 'nobody', unknown: false }).catch(() => undefined);

		expect(emitted).to.equal(false);
	});
});
