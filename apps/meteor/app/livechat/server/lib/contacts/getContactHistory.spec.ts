import { expect } from 'chai';

import { getContactHistory } from './getContactHistory';
import { type TestDeps, insertContact, insertLivechatRoom, openTestDeps } from '../../../../../tests/data/testDeps';

describe('getContactHistory', () => {
	let ctx: TestDeps;
	let contactId: string;
	let roomIds: string[];

	beforeEach(async () => {
		ctx = await openTestDeps();
		contactId = await insertContact(ctx.models);
		const otherContactId = await insertContact(ctx.models);
		roomIds = [];
		for (const day of ['01', '03', '02']) {
			roomIds.push(
				await insertLivechatRoom(ctx.models, {
					contactId,
					fname: 'Ann',
					closedAt: new Date(`2024-01-${day}T00:00:00Z`),
					closer: 'user',
					tags: ['t'],
					departmentId: 'not-in-history',
				}),
			);
		}
		await insertLivechatRoom(ctx.models, { contactId, fname: 'still open' });
		await insertLivechatRoom(ctx.models, { contactId: otherContactId, closedAt: new Date() });
	});

	afterEach(() => ctx.db.close());

	it('lists the contact\'s closed livechat rooms, most recently closed first', async () => {
		const { history, count, offset, total } = await getContactHistory(ctx, { contactId: contactId, offset: 0, count: 50 });

		expect(history.map(({ _id }) => _id)).to.deep.equal([roomIds[1], roomIds[2], roomIds[0]]);
		expect({ count, offset, total }).to.deep.equal({ count: 3, offset: 0, total: 3 });
	});

	it('projects each room to the history fields', async () => {
		const { history } = await getContactHistory(ctx, { contactId: contactId, offset: 0, count: 1 });

		expect(history[0]).to.have.all.keys('_id', 'fname', 'ts', 'v', 'msgs', 'closedAt', 'closer', 'tags', 'source');
	});

	it('paginates, reporting the number of returned rooms as count', async () => {
		const page = await getContactHistory(ctx, { contactId: contactId, offset: 2, count: 2, sort: { closedAt: 1 } });

		expect(page.history.map(({ _id }) => _id)).to.deep.equal([roomIds[1]]);
		expect({ count: page.count, offset: page.offset, total: page.total }).to.deep.equal({ count: 1, offset: 2, total: 3 });
	});

	it('throws error-contact-not-found for an unknown contact', async () => {
		const error = await getContactHistory(ctx, { contactId: '65f0c0ffee0123456789abcd', offset: 0, count: 50 }).catch((e: Error) => e);

		expect(error).to.be.instanceOf(Error).with.property('message', 'error-contact-not-found');
	});
});
