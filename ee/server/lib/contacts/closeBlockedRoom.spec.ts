import { expect } from 'chai';

import { insertLivechatRoom, openTestDeps, type TestDeps } from '@omni/meteor/testing';

import { BLOCKED_ROOM_COMMENT, closeBlockedRoom } from './closeBlockedRoom';

describe('EE closeBlockedRoom', () => {
	let deps: TestDeps;
	const user = { _id: 'agent-1', username: 'agent.one' };

	beforeEach(async () => {
		deps = await openTestDeps();
	});

	afterEach(() => deps.db.close());

	it("fails with error-visitor-not-found when the channel's visitor is gone", async () => {
		await closeBlockedRoom(deps, { visitorId: 'gone', source: { type: 'api' } }, user).then(
			() => expect.fail('a missing visitor must fail'),
			(err: Error) => expect(err.message).to.equal('error-visitor-not-found'),
		);
	});

	it('closes the open room of that visitor and source only, as the user, with the blocked comment and no comment check', async () => {
		await deps.models.LivechatVisitors.insertOne({ _id: 'v1', token: 't1', username: 'guest-1', ts: new Date() } as never);
		const v = { _id: 'v1', username: 'guest-1', token: 't1' };
		const apiRoom = await insertLivechatRoom(deps.models, { _id: 'r-api', open: true, v, source: { type: 'api' } } as never);
		const otherRoom = await insertLivechatRoom(deps.models, { _id: 'r-other', open: true, v: { _id: 'v2', username: 'guest-2', token: 't2' }, source: { type: 'api' } } as never);

		await closeBlockedRoom(deps, { visitorId: 'v1', source: { type: 'api' } }, user);

		const closed = await deps.models.LivechatRooms.findOneLivechatById(apiRoom);
		expect(closed).not.to.have.property('open');
		expect(closed).to.deep.include({ closer: 'user', closedBy: user });
		expect(closed?.lastMessage).to.include({ t: 'livechat-close', msg: BLOCKED_ROOM_COMMENT });
		expect(await deps.models.LivechatRooms.findOneLivechatById(otherRoom)).to.include({ open: true });

		// Nothing open any more: a second call is a no-op.
		await closeBlockedRoom(deps, { visitorId: 'v1', source: { type: 'api' } }, user);
	});
});
