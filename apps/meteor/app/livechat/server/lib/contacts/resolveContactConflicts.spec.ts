import type { ILivechatContactConflictingField } from '@rocket.chat/core-typings';
import { expect } from 'chai';

import { resolveContactConflicts } from './resolveContactConflicts';
import { type TestDeps, insertAgent, insertContact, openTestDeps, withDeleteAfterRead } from '../../../../../tests/data/testDeps';
import { deleteContact } from './deleteContact';

const conflictingFields: ILivechatContactConflictingField[] = [
	{ field: 'name', value: 'Anne' },
	{ field: 'manager', value: 'agent-2' },
	{ field: 'customFields.cpf', value: '2' },
	{ field: 'customFields.city', value: 'Rio' },
];

describe('resolveContactConflicts', () => {
	let ctx: TestDeps;
	let contactId: string;

	beforeEach(async () => {
		ctx = await openTestDeps();
		contactId = await insertContact(ctx.models, { name: 'Ann', customFields: { cpf: '1', city: 'SP' }, conflictingFields, unknown: true });
	});

	afterEach(() => ctx.db.close());

	it('sets the chosen values and drops the conflicts they settle', async () => {
		const agentId = await insertAgent(ctx.models, { username: 'agent' });

		const result = await resolveContactConflicts(ctx, { contactId, name: 'Anne', contactManager: agentId, customFields: { cpf: '2' } });

		expect(result).to.deep.equal(await ctx.models.LivechatContacts.findOneById(contactId));
		expect(result).to.deep.include({ name: 'Anne', contactManager: agentId, customFields: { cpf: '2', city: 'SP' } });
		expect(result?.conflictingFields).to.deep.equal([{ field: 'customFields.city', value: 'Rio' }]);
		expect(ctx.settings.get('Resolved_Conflicts_Count')).to.equal(0);
	});

	it('merges custom fields without validating them, empty strings included', async () => {
		const result = await resolveContactConflicts(ctx, { contactId, customFields: { city: '', undeclared: 'x' } });

		expect(result?.customFields).to.deep.equal({ cpf: '1', city: '', undeclared: 'x' });
	});

	it('treats null fields as not sent', async () => {
		const result = await resolveContactConflicts(ctx, { contactId, name: null, contactManager: null, wipeConflicts: null });

		expect(result).to.deep.include({ name: 'Ann', conflictingFields });
	});

	it('with wipeConflicts clears every conflict and counts them as resolved', async () => {
		const result = await resolveContactConflicts(ctx, { contactId, wipeConflicts: true });

		expect(result?.conflictingFields).to.deep.equal([]);
		expect(ctx.settings.get('Resolved_Conflicts_Count')).to.equal(4);
	});

	it('throws error-contact-not-found for an unknown contact', async () => {
		const error = await resolveContactConflicts(ctx, { contactId: '65f0c0ffee0123456789abcd' }).catch((e: Error) => e);

		expect(error).to.be.instanceOf(Error).with.property('message', 'error-contact-not-found');
	});

	it('refuses a contact manager who is not an agent', async () => {
		const error = await resolveContactConflicts(ctx, { contactId, contactManager: 'missing' }).catch((e: Error) => e);

		expect(error).to.be.instanceOf(Error).with.property('message', 'error-contact-manager-not-found');
		expect((await ctx.models.LivechatContacts.findOneById(contactId))?.conflictingFields).to.deep.equal(conflictingFields);
	});

	it('throws error-contact-has-no-conflicts for a contact without conflicts, and changes nothing', async () => {
		const calm = await insertContact(ctx.models, { name: 'Calm', customFields: { cpf: '1' } });
		const before = await ctx.models.LivechatContacts.findOneById(calm);

		const error = await resolveContactConflicts(ctx, { contactId: calm, name: 'Changed', customFields: { cpf: '9' }, wipeConflicts: true }).catch((e: Error) => e);

		expect(error).to.be.instanceOf(Error).with.property('message', 'error-contact-has-no-conflicts');
		expect(await ctx.models.LivechatContacts.findOneById(calm)).to.deep.equal(before);
		expect(ctx.settings.get('Resolved_Conflicts_Count')).to.equal(0);
	});

	it('treats a deleted contact as missing', async () => {
		await deleteContact(ctx, contactId);

		const error = await resolveContactConflicts(ctx, { contactId, name: 'Revived' }).catch((e: Error) => e);

		expect(error).to.be.instanceOf(Error).with.property('message', 'error-contact-not-found');
	});

	it('a delete landing between its read and its write: nothing is written, nothing is counted', async () => {
		const error = await resolveContactConflicts(withDeleteAfterRead(ctx), { contactId, name: 'Revived', wipeConflicts: true }).catch((e: Error) => e);

		expect(error).to.be.instanceOf(Error).with.property('message', 'error-contact-not-found');
		const stored = await ctx.models.LivechatContacts.findOneById(contactId);
		expect(stored).to.include({ enabled: false });
		expect(stored).not.to.have.any.keys('name', 'conflictingFields');
		expect(ctx.settings.get('Resolved_Conflicts_Count')).to.equal(0);
	});
});
