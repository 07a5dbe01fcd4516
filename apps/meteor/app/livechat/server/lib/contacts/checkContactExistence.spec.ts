import { expect } from 'chai';

import { checkContactExistence } from './checkContactExistence';
import { deleteContact } from './deleteContact';
import { type TestDeps, insertContact, openTestDeps } from '../../../../../tests/data/testDeps';

describe('checkContactExistence', () => {
	let ctx: TestDeps;
	let contactId: string;

	beforeEach(async () => {
		ctx = await openTestDeps();
		contactId = await insertContact(ctx.models, { emails: [{ address: 'Ann@Example.com' }], phones: [{ phoneNumber: '+1 (555) 010-2030' }] });
	});

	afterEach(() => ctx.db.close());

	it('finds a contact by its exact id, email address or phone number', async () => {
		expect(await checkContactExistence(ctx, { contactId })).to.equal(true);
		expect(await checkContactExistence(ctx, { email: 'Ann@Example.com' })).to.equal(true);
		expect(await checkContactExistence(ctx, { phone: '+1 (555) 010-2030' })).to.equal(true);
	});

	it('is case-sensitive and does not normalize', async () => {
		expect(await checkContactExistence(ctx, { email: 'ann@example.com' })).to.equal(false);
		expect(await checkContactExistence(ctx, { phone: '15550102030' })).to.equal(false);
		expect(await checkContactExistence(ctx, { contactId: contactId.toUpperCase() })).to.equal(false);
	});

	it('still finds a deleted contact by id, but no longer by its removed email or phone', async () => {
		await deleteContact(ctx, contactId);

		expect(await checkContactExistence(ctx, { contactId })).to.equal(true);
		expect(await checkContactExistence(ctx, { email: 'Ann@Example.com' })).to.equal(false);
		expect(await checkContactExistence(ctx, { phone: '+1 (555) 010-2030' })).to.equal(false);
	});
});
