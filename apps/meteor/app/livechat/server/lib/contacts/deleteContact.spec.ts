import { expect } from 'chai';

import { deleteContact } from './deleteContact';
import { type TestDeps, insertContact, openTestDeps, withDeleteAfterRead } from '../../../../../tests/data/testDeps';

describe('deleteContact', () => {
	let ctx: TestDeps;

	beforeEach(async () => {
		ctx = await openTestDeps();
	});

	afterEach(() => ctx.db.close());

	it('keeps the document but disables it and removes its personal data', async () => {
		const createdAt = new Date('2024-01-02T03:04:05Z');
		const contactId = await insertContact(ctx.models, {
			name: 'Ann',
			createdAt,
			emails: [{ address: 'ann@example.com' }],
			phones: [{ phoneNumber: '555' }],
			customFields: { cpf: '1' },
			conflictingFields: [{ field: 'name', value: 'Anne' }],
			lastChat: { _id: 'room', ts: new Date() },
			contactManager: 'agent',
			preRegistration: true,
		});

		await deleteContact(ctx, contactId);

		const stored = await ctx.models.LivechatContacts.findOneById(contactId);
		expect(stored).to.include({ _id: contactId, enabled: false, contactManager: 'agent', unknown: false, preRegistration: true });
		expect(stored?.createdAt).to.deep.equal(createdAt);
		expect(stored).to.not.have.any.keys('name', 'emails', 'phones', 'customFields', 'conflictingFields', 'lastChat', 'channels');
	});

	it('throws error-contact-not-found for an unknown contact', async () => {
		const error = await deleteContact(ctx, '65f0c0ffee0123456789abcd').catch((e: Error) => e);

		expect(error).to.be.instanceOf(Error).with.property('message', 'error-contact-not-found');
	});

	it('throws error-contact-not-found when the contact is already deleted', async () => {
		const contactId = await insertContact(ctx.models);
		await deleteContact(ctx, contactId);

		const error = await deleteContact(ctx, contactId).catch((e: Error) => e);

		expect(error).to.be.instanceOf(Error).with.property('message', 'error-contact-not-found');
	});

	it('two deletes racing: the one whose write finds the contact already deleted answers error-contact-not-found', async () => {
		const contactId = await insertContact(ctx.models);

		const error = await deleteContact(withDeleteAfterRead(ctx), contactId).catch((e: Error) => e);

		expect(error).to.be.instanceOf(Error).with.property('message', 'error-contact-not-found');
	});
});
