import { expect } from 'chai';

import { deleteContact } from './deleteContact';
import { getContact } from './getContact';
import { type TestDeps, insertContact, openTestDeps } from '../../../../../tests/data/testDeps';

describe('getContact', () => {
	let ctx: TestDeps;

	beforeEach(async () => {
		ctx = await openTestDeps();
	});

	afterEach(() => ctx.db.close());

	it('returns the contact exactly as stored', async () => {
		const contactId = await insertContact(ctx.models, { name: 'Ann', emails: [{ address: 'ann@example.com' }] });
		const stored = await ctx.models.LivechatContacts.findOneById(contactId);

		expect(await getContact(ctx, contactId)).to.deep.equal(stored);
	});

	it('returns null for an unknown id', async () => {
		expect(await getContact(ctx, '65f0c0ffee0123456789abcd')).to.equal(null);
	});

	it('returns null for a deleted contact', async () => {
		const contactId = await insertContact(ctx.models);
		await deleteContact(ctx, contactId);

		expect(await getContact(ctx, contactId)).to.equal(null);
	});
});
