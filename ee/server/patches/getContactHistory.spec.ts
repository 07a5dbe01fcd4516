import { expect } from 'chai';

import { getContactHistory } from '@omni/meteor/livechat';
import { insertContact, insertLivechatRoom, type TestDeps, useTestDeps } from '@omni/meteor/testing';

import './getContactHistory';

describe('EE getContactHistory patch', () => {
	const openDeps = useTestDeps();

	async function contactWithRooms(deps: TestDeps): Promise<string> {
		const contactId = await insertContact(deps.models);
		await insertLivechatRoom(deps.models, { contactId, closedAt: new Date('2024-01-01'), source: { type: 'widget' } as never });
		await insertLivechatRoom(deps.models, { contactId, closedAt: new Date('2024-01-02'), source: { type: 'sms' } as never });
		return contactId;
	}

	const open = (enterprise: boolean) => openDeps({ enterprise });

	it('filters by source type while livechat-enterprise is licensed', async () => {
		const deps = await open(true);
		const contactId = await contactWithRooms(deps);

		const page = await getContactHistory(deps, { contactId, source: 'sms', offset: 0, count: 50 });

		expect(page.total).to.equal(1);
		expect(page.history.map(({ source }) => source?.type)).to.deep.equal(['sms']);
	});

	it('lists every source when none is asked for', async () => {
		const deps = await open(true);
		const contactId = await contactWithRooms(deps);

		expect((await getContactHistory(deps, { contactId, offset: 0, count: 50 })).total).to.equal(2);
	});

	it('ignores source in community mode, as Rocket.Chat CE does', async () => {
		const deps = await open(false);
		const contactId = await contactWithRooms(deps);

		expect((await getContactHistory(deps, { contactId, source: 'sms', offset: 0, count: 50 })).total).to.equal(2);
	});

	it('still refuses an unknown contact with error-contact-not-found', async () => {
		const deps = await open(true);

		const error = await getContactHistory(deps, { contactId: '65f0c0ffee0123456789abcd', source: 'sms', offset: 0, count: 50 }).catch((e: Error) => e);

		expect(error).to.be.instanceOf(Error).with.property('message', 'error-contact-not-found');
	});
});
