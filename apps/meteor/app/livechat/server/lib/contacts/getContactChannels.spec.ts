import type { ILivechatContactChannel } from '@rocket.chat/core-typings';
import { expect } from 'chai';

import { getContactChannels } from './getContactChannels';
import { type TestDeps, insertContact, openTestDeps } from '../../../../../tests/data/testDeps';

function channel(name: string, visitorId: string, lastChatTs?: string): ILivechatContactChannel {
	return {
		name,
		visitor: { visitorId, source: { type: 'widget' as never } },
		blocked: false,
		verified: false,
		details: { type: 'widget' as never },
		...(lastChatTs && { lastChat: { _id: `room-${visitorId}`, ts: new Date(lastChatTs) } }),
	};
}

describe('getContactChannels', () => {
	let ctx: TestDeps;

	beforeEach(async () => {
		ctx = await openTestDeps();
	});

	afterEach(() => ctx.db.close());

	it('keeps one channel per name: the one with the latest chat', async () => {
		const contactId = await insertContact(ctx.models, {
			channels: [
				channel('widget', 'v1', '2024-01-01T00:00:00Z'),
				channel('sms', 'v2'),
				channel('widget', 'v3', '2024-03-01T00:00:00Z'),
				channel('widget', 'v4', '2024-02-01T00:00:00Z'),
				channel('sms', 'v5', '2023-01-01T00:00:00Z'),
			],
		});

		const channels = await getContactChannels(ctx, contactId);

		expect(channels.map(({ name, visitor }) => [name, visitor.visitorId])).to.deep.equal([
			['widget', 'v3'],
			['sms', 'v5'],
		]);
		expect(channels[0]).to.deep.equal(channel('widget', 'v3', '2024-03-01T00:00:00Z'));
	});

	it('keeps the first channel of a name when none has chatted', async () => {
		const contactId = await insertContact(ctx.models, { channels: [channel('api', 'v1'), channel('api', 'v2')] });

		expect((await getContactChannels(ctx, contactId)).map(({ visitor }) => visitor.visitorId)).to.deep.equal(['v1']);
	});

	it('returns an empty list for a contact without channels and for an unknown contact', async () => {
		const contactId = await insertContact(ctx.models);

		expect(await getContactChannels(ctx, contactId)).to.deep.equal([]);
		expect(await getContactChannels(ctx, '65f0c0ffee0123456789abcd')).to.deep.equal([]);
	});
});
