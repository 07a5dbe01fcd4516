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

	it('matches by normalized key when the request asks for it', async () => {
		expect(await checkContactExistence(ctx, { email: 'ann@example.COM', match: 'normalized' })).to.equal(true);
		expect(await checkContactExistence(ctx, { phone: '+15550102030', match: 'normalized' })).to.equal(true);
		expect(await checkContactExistence(ctx, { phone: '+15550102031', match: 'normalized' })).to.equal(false);
		expect(await checkContactExistence(ctx, { email: 'ann@example.COM', match: 'exact' })).to.equal(false);
	});

	it('refuses normalized matching while Omnichannel_Contact_Match_Normalized is off', async () => {
		await ctx.settings.updateValue('Omnichannel_Contact_Match_Normalized', false);

		const failure = await checkContactExistence(ctx, { email: 'ann@example.com', match: 'normalized' }).catch((error: unknown) => error);
		expect(failure).to.include({ error: 'error-normalized-matching-disabled' });
		expect(await checkContactExistence(ctx, { email: 'Ann@Example.com' })).to.equal(true);
	});
});
