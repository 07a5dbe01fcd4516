import { expect } from 'chai';

import { mergeContacts } from './mergeContacts';
import { type TestDeps, insertContact, insertLivechatRoom, openTestDeps } from '../../../../../tests/data/testDeps';

describe('mergeContacts', () => {
	let ctx: TestDeps;

	beforeEach(async () => {
		ctx = await openTestDeps();
	});

	afterEach(() => ctx.db.close());

	const channel = (visitorId: string) => ({ name: 'widget', visitor: { visitorId, source: { type: 'widget' } }, blocked: false, verified: false, details: { type: 'widget' } });

	it('writes the union into the target, disables each source with mergedInto and re-points its rooms, in one transaction', async () => {
		const target = await insertContact(ctx.models, { name: 'T', emails: [{ address: 'a@example.com' }], externalIds: [{ source: 'crm', id: '1' }] } as never);
		const source = await insertContact(ctx.models, {
			name: 'S',
			emails: [{ address: 'A@Example.com' }, { address: 'b@example.com' }],
			externalIds: [{ source: 'crm', id: '2' }],
			channels: [channel('v1')] as never,
			lastChat: { _id: 'room', ts: new Date('2026-01-01') },
		} as never);
		const room = await insertLivechatRoom(ctx.models, { contactId: source, fname: 'S' });

		const merged = await mergeContacts(ctx, { contactId: target, sourceIds: [source] });

		expect(merged.emails).to.deep.equal([{ address: 'a@example.com' }, { address: 'b@example.com' }]);
		expect((merged as { externalIds?: unknown }).externalIds).to.deep.equal([
			{ source: 'crm', id: '1' },
			{ source: 'crm', id: '2' },
		]);
		expect(merged.channels.map(({ visitor }) => visitor.visitorId)).to.deep.equal(['v1']);
		expect(merged.lastChat?._id).to.equal('room');
		expect(await ctx.models.LivechatContacts.findOneById(source)).to.include({ enabled: false, mergedInto: target });
		expect(await ctx.models.Rooms.findOneById(room)).to.include({ contactId: target, fname: 'T' });
		expect(await ctx.models.LivechatContacts.findEnabledByMatchKeys({ externalIds: [{ source: 'crm', id: '2' }] }, { limit: 2 })).to.have.length(1);
	});

	it('writes nothing when a source is missing', async () => {
		const target = await insertContact(ctx.models, { name: 'T' });
		const error = await mergeContacts(ctx, { contactId: target, sourceIds: ['65f0c0ffee0123456789abcd'] }).catch((e: Error) => e);
		expect(error).to.have.property('error', 'error-merge-contacts-not-found');
		expect(await ctx.models.LivechatContacts.findOneById(target)).to.include({ name: 'T' });
	});
});
