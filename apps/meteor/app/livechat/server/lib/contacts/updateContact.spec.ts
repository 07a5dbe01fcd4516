import type { ILivechatCustomField } from '@rocket.chat/core-typings';
import { expect } from 'chai';

import { deleteContact } from './deleteContact';
import { updateContact } from './updateContact';
import { type TestDeps, insertAgent, insertContact, insertLivechatRoom, openTestDeps, withDeleteAfterRead } from '../../../../../tests/data/testDeps';

async function failureOf(promise: Promise<unknown>): Promise<Error> {
	const error = await promise.then(
		() => undefined,
		(e: Error) => e,
	);
	expect(error, 'expected a rejection').to.be.instanceOf(Error);
	return error as Error;
}

describe('updateContact', () => {
	let ctx: TestDeps;

	beforeEach(async () => {
		ctx = await openTestDeps();
	});

	afterEach(() => ctx.db.close());

	async function addCustomField(field: Partial<ILivechatCustomField> & { _id: string }): Promise<void> {
		await ctx.models.LivechatCustomField.insertOne({ label: field._id, scope: 'visitor', visibility: 'visible', ...field } as ILivechatCustomField);
	}

	it('sets only the sent fields, maps emails and phones to objects and returns the stored document', async () => {
		const contactId = await insertContact(ctx.models, { name: 'Ann', emails: [{ address: 'old@example.com' }], phones: [{ phoneNumber: '1' }] });

		const updated = await updateContact(ctx, { contactId, emails: ['a@example.com', 'b@example.com'] });

		expect(updated).to.deep.equal(await ctx.models.LivechatContacts.findOneById(contactId));
		expect(updated).to.deep.include({ name: 'Ann', emails: [{ address: 'a@example.com' }, { address: 'b@example.com' }], phones: [{ phoneNumber: '1' }] });
	});

	it('marks the contact as known even when only the contactId is sent', async () => {
		const contactId = await insertContact(ctx.models, { unknown: true });

		expect(await updateContact(ctx, { contactId })).to.include({ unknown: false });
	});

	it('ignores null fields but writes empty strings and empty lists', async () => {
		const contactId = await insertContact(ctx.models, { name: 'Ann', emails: [{ address: 'a@example.com' }], contactManager: 'kept', customFields: { a: '1' } });

		const nulls = await updateContact(ctx, { contactId, name: null, emails: null, phones: null, customFields: null, contactManager: null, wipeConflicts: null });
		expect(nulls).to.deep.include({ name: 'Ann', emails: [{ address: 'a@example.com' }], contactManager: 'kept', customFields: { a: '1' } });

		const empties = await updateContact(ctx, { contactId, name: '', emails: [], phones: [], contactManager: '' });
		expect(empties).to.deep.include({ name: '', emails: [], phones: [], contactManager: 'kept' });
	});

	it('throws error-contact-not-found for an unknown or deleted contact', async () => {
		const deletedId = await insertContact(ctx.models);
		await deleteContact(ctx, deletedId);

		for (const contactId of ['65f0c0ffee0123456789abcd', deletedId]) {
			expect((await failureOf(updateContact(ctx, { contactId, name: 'x' }))).message).to.equal('error-contact-not-found');
		}
	});

	it('accepts an agent as contact manager and refuses anyone else', async () => {
		const contactId = await insertContact(ctx.models);
		const agentId = await insertAgent(ctx.models, { username: 'agent' });
		const { insertedId: plainUserId } = await ctx.models.Users.insertOne({ username: 'plain', roles: ['user'] } as never);

		expect(await updateContact(ctx, { contactId, contactManager: agentId })).to.include({ contactManager: agentId });
		for (const contactManager of [plainUserId, 'missing']) {
			expect((await failureOf(updateContact(ctx, { contactId, contactManager }))).message).to.equal('error-contact-manager-not-found');
		}
	});

	it('replaces custom fields wholesale with the validated, trimmed values', async () => {
		await addCustomField({ _id: 'cpf', label: 'CPF', regexp: '^[0-9]+$' });
		await addCustomField({ _id: 'nickname' });
		const contactId = await insertContact(ctx.models, { customFields: { cpf: '1', nickname: 'annie' } });

		const updated = await updateContact(ctx, { contactId, customFields: { cpf: ' 42 ' } });

		expect(updated?.customFields).to.deep.equal({ cpf: '42' });
		expect((await failureOf(updateContact(ctx, { contactId, customFields: { cpf: 'x' } }))).message).to.equal('Invalid value for CPF field');
		expect((await failureOf(updateContact(ctx, { contactId, customFields: { other: 'x' } }))).message).to.equal(
			'Custom field other is not allowed',
		);
	});

	it('enforces required custom fields only when custom fields are sent', async () => {
		await addCustomField({ _id: 'cpf', label: 'CPF', required: true });
		const contactId = await insertContact(ctx.models);

		expect(await updateContact(ctx, { contactId, name: 'no custom fields' })).to.include({ name: 'no custom fields' });
		expect((await failureOf(updateContact(ctx, { contactId, customFields: {} }))).message).to.equal('Invalid value for CPF field');
	});

	it('keeps custom fields the workspace no longer defines, unchangeable, while still refusing unknown keys', async () => {
		await addCustomField({ _id: 'cpf' });
		const contactId = await insertContact(ctx.models, { customFields: { cpf: '1', legacy: 'stored value' } });

		const updated = await updateContact(ctx, { contactId, customFields: { cpf: '2', legacy: 'sent value' } });
		expect(updated?.customFields).to.deep.equal({ cpf: '2', legacy: 'stored value' });

		const withoutLegacy = await updateContact(ctx, { contactId, customFields: {} });
		expect(withoutLegacy?.customFields).to.deep.equal({ legacy: 'stored value' });

		expect((await failureOf(updateContact(ctx, { contactId, customFields: { other: 'x' } }))).message).to.equal(
			'Custom field other is not allowed',
		);
	});

	it('wipes conflicts and counts them as resolved', async () => {
		const contactId = await insertContact(ctx.models, {
			conflictingFields: [
				{ field: 'name', value: 'Anne' },
				{ field: 'customFields.cpf', value: '2' },
			],
		});

		const updated = await updateContact(ctx, { contactId, wipeConflicts: true });

		expect(updated?.conflictingFields).to.deep.equal([]);
		expect(ctx.settings.get('Resolved_Conflicts_Count')).to.equal(2);
		expect((await ctx.models.Settings.findOneById('Resolved_Conflicts_Count'))?.value).to.equal(2);
	});

	it('leaves conflicts alone without wipeConflicts', async () => {
		const conflictingFields = [{ field: 'name' as const, value: 'Anne' }];
		const contactId = await insertContact(ctx.models, { conflictingFields });

		expect((await updateContact(ctx, { contactId, name: 'Ann' }))?.conflictingFields).to.deep.equal(conflictingFields);
		expect(ctx.settings.get('Resolved_Conflicts_Count')).to.equal(0);
	});

	it('copies a new name to the contact\'s livechat rooms', async () => {
		const contactId = await insertContact(ctx.models, { name: 'Ann' });
		const roomId = await insertLivechatRoom(ctx.models, { contactId, fname: 'Ann' });
		const otherRoomId = await insertLivechatRoom(ctx.models, { contactId: 'someone-else', fname: 'Ann' });

		await updateContact(ctx, { contactId, name: 'Ann Lee' });

		expect((await ctx.models.Rooms.findOneById(roomId))?.fname).to.equal('Ann Lee');
		expect((await ctx.models.Rooms.findOneById(otherRoomId))?.fname).to.equal('Ann');
	});

	it('a delete landing between its read and its write: nothing is written, error-contact-not-found, no event', async () => {
		const contactId = await insertContact(ctx.models, { name: 'Ann', emails: [{ address: 'ann@example.com' }] });
		let emitted = false;
		ctx.events.on('contact.updated', () => {
			emitted = true;
		});

		const error = await failureOf(updateContact(withDeleteAfterRead(ctx), { contactId, name: 'Revived', emails: ['back@example.com'] }));

		expect(error.message).to.equal('error-contact-not-found');
		const stored = await ctx.models.LivechatContacts.findOneById(contactId);
		expect(stored).to.include({ enabled: false });
		expect(stored).not.to.have.any.keys('name', 'emails');
		expect(emitted).to.equal(false);
	});
});
