import { expect } from 'chai';
import supertest from 'supertest';

import { api, createUser, credentials, login, request, type StartedServer, startServer, TEST_ADMIN, type TestUser } from '../../data/api-data';
import { createRoom, createVisitor, errorBody, getContact, getInquiry, makeAgentAvailable, sendMessage, type Visitor } from '../../data/livechat';

const PERMISSION_DENIED = { success: false, error: 'User does not have the permissions required for this action [error-unauthorized]' };
const BLOCKED_COMMENT = 'This channel has been blocked';

/** Rocket.Chat EE's default grant lists that name `livechat-monitor`. */
const EE_DEFAULT_LISTS = [
	{ _id: 'view-l-room', roles: ['livechat-manager', 'livechat-monitor', 'livechat-agent', 'admin'] },
	{ _id: 'view-livechat-manager', roles: ['livechat-manager', 'livechat-monitor', 'admin'] },
	{ _id: 'block-livechat-contact', roles: ['admin', 'livechat-manager', 'livechat-monitor', 'livechat-agent'] },
	{ _id: 'unblock-livechat-contact', roles: ['admin', 'livechat-manager', 'livechat-monitor', 'livechat-agent'] },
];

function apiChannel(visitor: Visitor) {
	return { visitorId: visitor._id, source: { type: 'api' } };
}

function block(body: unknown, auth: Record<string, string> = credentials) {
	return request.post(api('omnichannel/contacts.block')).set(auth).send(body as object);
}

function unblock(body: unknown, auth: Record<string, string> = credentials) {
	return request.post(api('omnichannel/contacts.unblock')).set(auth).send(body as object);
}

async function channelOf(contactId: string, visitorId: string) {
	const contact = await getContact(contactId);
	return contact.channels.find((channel: { visitor: { visitorId: string } }) => channel.visitor.visitorId === visitorId);
}

describe('[Omnichannel contacts] EE contacts.block / contacts.unblock', function () {
	this.timeout(90_000);

	let agent: TestUser;

	before(async () => {
		await makeAgentAvailable(TEST_ADMIN, credentials);
		agent = await createUser({ roles: ['user', 'livechat-agent'] });
	});

	describe('with Enterprise on (the default)', () => {
		it("closes the channel's open room as the calling user, refuses new rooms, and unblock lets the visitor back", async () => {
			const visitor = await createVisitor({ name: 'Blocked Visitor' });
			const room = await createRoom(visitor.token);
			expect(room.servedBy).to.include({ username: TEST_ADMIN });

			// The agent neither serves the room nor may close others' rooms: block bypasses both checks.
			const res = await block({ visitor: apiChannel(visitor) }, agent.credentials).expect(200);
			expect(res.body).to.deep.equal({ success: true });

			expect(await channelOf(room.contactId, visitor._id)).to.include({ blocked: true });
			const history = await request.get(api('omnichannel/contacts.history')).set(credentials).query({ contactId: room.contactId }).expect(200);
			expect(history.body.history).to.have.length(1);
			expect(history.body.history[0]).to.deep.include({ _id: room._id, closer: 'user', closedBy: { _id: agent._id, username: agent.username } });
			expect(history.body.history[0].lastMessage).to.include({ t: 'livechat-close', msg: BLOCKED_COMMENT });
			expect(await getInquiry(room._id)).to.equal(null);
			const sub = await request.get(api('subscriptions.getOne')).set(credentials).query({ roomId: room._id }).expect(200);
			expect(sub.body.subscription).to.equal(null);

			const refused = await request.get(api('livechat/room')).query({ token: visitor.token }).expect(400);
			expect(errorBody(refused)).to.deep.equal({ success: false, error: 'error-contact-channel-blocked' });
			expect(errorBody(await sendMessage(visitor.token, room._id, 'let me in').expect(400))).to.deep.equal({ success: false, error: 'room-closed' });

			expect((await unblock({ visitor: apiChannel(visitor) }, agent.credentials).expect(200)).body).to.deep.equal({ success: true });
			expect(await channelOf(room.contactId, visitor._id)).to.include({ blocked: false });
			const reopened = await createRoom(visitor.token);
			expect(reopened._id).not.to.equal(room._id);
			expect(reopened.contactId).to.equal(room.contactId);
		});

		it('is not idempotent: repeating a block or an unblock answers error-contact-not-found', async () => {
			const visitor = await createVisitor();
			await createRoom(visitor.token);
			await block({ visitor: apiChannel(visitor) }).expect(200);
			expect(errorBody(await block({ visitor: apiChannel(visitor) }).expect(400))).to.deep.equal({ success: false, error: 'error-contact-not-found' });
			await unblock({ visitor: apiChannel(visitor) }).expect(200);
			expect(errorBody(await unblock({ visitor: apiChannel(visitor) }).expect(400))).to.deep.equal({ success: false, error: 'error-contact-not-found' });
		});

		it('blocks a channel without an open room, and leaves closed rooms as they were', async () => {
			const visitor = await createVisitor();
			const room = await createRoom(visitor.token);
			await request.post(api('livechat/room.closeByUser')).set(credentials).send({ rid: room._id, comment: 'done' }).expect(200);
			await block({ visitor: apiChannel(visitor) }).expect(200);
			const history = await request.get(api('omnichannel/contacts.history')).set(credentials).query({ contactId: room.contactId }).expect(200);
			expect(history.body.history[0].lastMessage).to.include({ msg: 'done' });
			expect(history.body.history[0].closedBy).to.deep.equal({ _id: TEST_ADMIN, username: TEST_ADMIN });
		});

		it('matches the exact association: another source, another source id or an unknown visitor is not found', async () => {
			const visitor = await createVisitor();
			await createRoom(visitor.token);
			for (const association of [
				{ visitorId: visitor._id, source: { type: 'widget' } },
				{ visitorId: visitor._id, source: { type: 'api', id: 'some-id' } },
				{ visitorId: 'no-such-visitor', source: { type: 'api' } },
				{ visitorId: 'x'.repeat(100_000), source: { type: 'api' } },
				{ visitorId: { $ne: '' }, source: { type: 'api' } },
			]) {
				const res = await block({ visitor: association });
				expect(res.status, JSON.stringify(association).slice(0, 80)).to.equal(400);
			}
			expect((await block({ visitor: { visitorId: 'no-such-visitor', source: { type: 'api' } } })).body.error).to.equal('error-contact-not-found');
			expect(await channelOf((await createRoom(visitor.token)).contactId, visitor._id)).to.include({ blocked: false });
		});

		it('blocks only the channel named: the same visitor on the widget keeps chatting', async () => {
			const visitor = await createVisitor();
			await createRoom(visitor.token);
			await block({ visitor: apiChannel(visitor) }).expect(200);
			const widget = await request.get(api('livechat/room')).set('Cookie', 'rc_room_type=l; rc_is_widget=t').query({ token: visitor.token }).expect(200);
			expect(widget.body.room.source.type).to.equal('widget');
			await sendMessage(visitor.token, widget.body.room._id, 'still here').expect(200);
		});

		it('validates the body before the permission, with the ajv texts', async () => {
			const plain = await createUser({ roles: ['user'] });
			const cases: Array<[unknown, string]> = [
				[{}, "must have required property 'visitor' [invalid-params]"],
				[{ visitor: { visitorId: 'v' } }, "must have required property 'source' [invalid-params]"],
				[{ visitor: { source: { type: 'api' } } }, "must have required property 'visitorId' [invalid-params]"],
				[{ visitor: { visitorId: 'v', source: {} } }, "must have required property 'type' [invalid-params]"],
				[{ visitor: { visitorId: { id: 'v' }, source: { type: 'api' } } }, 'must be string [invalid-params]'],
				[{ visitor: { visitorId: 'v', source: { type: ['api'] } } }, 'must be string [invalid-params]'],
				[{ visitor: apiChannel({ _id: 'v' } as Visitor), extra: true }, 'must NOT have additional properties [invalid-params]'],
				[[], 'must be object [invalid-params]'],
			];
			for (const [body, error] of cases) {
				for (const auth of [credentials, plain.credentials]) {
					const res = await block(body, auth);
					expect(res.status, JSON.stringify(body)).to.equal(400);
					expect(errorBody(res)).to.deep.equal({ success: false, error, errorType: 'invalid-params' });
				}
			}
		});

		it('asks for a login, then for block-livechat-contact / unblock-livechat-contact', async () => {
			const plain = await createUser({ roles: ['user'] });
			const body = { visitor: { visitorId: 'v', source: { type: 'api' } } };
			for (const route of ['omnichannel/contacts.block', 'omnichannel/contacts.unblock']) {
				expect((await request.post(api(route)).send(body)).status).to.equal(401);
				const denied = await request.post(api(route)).set(plain.credentials).send(body).expect(403);
				expect(denied.body).to.deep.equal(PERMISSION_DENIED);
			}
		});

		it('has the livechat-monitor role with EE default grants; restoring EE default lists that name it succeeds', async () => {
			const roles = await request.get(api('roles.list')).set(credentials).expect(200);
			expect(roles.body.roles.find(({ _id }: { _id: string }) => _id === 'livechat-monitor')).to.include({ name: 'livechat-monitor', scope: 'Users', protected: true });
			const restored = await request.post(api('permissions.update')).set(credentials).send({ permissions: EE_DEFAULT_LISTS }).expect(200);
			for (const { _id, roles: expected } of EE_DEFAULT_LISTS) {
				expect(restored.body.permissions.find((permission: { _id: string }) => permission._id === _id).roles, _id).to.have.members(expected);
			}

			// A monitor may block, as the EE grant says.
			const monitor = await createUser({ roles: ['user', 'livechat-monitor'] });
			const visitor = await createVisitor();
			await createRoom(visitor.token);
			await block({ visitor: apiChannel(visitor) }, monitor.credentials).expect(200);
		});

		it('of concurrent blocks of one channel exactly one succeeds and the room is closed once', async () => {
			const visitor = await createVisitor();
			const room = await createRoom(visitor.token);
			const results = await Promise.all(Array.from({ length: 8 }, () => block({ visitor: apiChannel(visitor) })));
			expect(results.map(({ status }) => status).sort()).to.deep.equal([200, 400, 400, 400, 400, 400, 400, 400]);
			for (const res of results.filter(({ status }) => status === 400)) {
				expect(res.body.error).to.equal('error-contact-not-found');
			}
			const history = await request.get(api('omnichannel/contacts.history')).set(credentials).query({ contactId: room.contactId }).expect(200);
			expect(history.body.history).to.have.length(1);
			expect(history.body.history[0].lastMessage.msg).to.equal(BLOCKED_COMMENT);
		});
	});

	describe('with ENTERPRISE=false (community mode) and with livechat-enterprise but no contact-id-verification', () => {
		let community: StartedServer;
		let partial: StartedServer;

		before(async () => {
			[community, partial] = await Promise.all([startServer({ ENTERPRISE: 'false' }), startServer({ ENTERPRISE: 'livechat-enterprise' })]);
		});

		after(async () => {
			await Promise.all([community?.stop(), partial?.stop()]);
		});

		it('community: block and unblock answer 404 "404 Not Found", before authentication', async () => {
			const client = supertest(community.url);
			const admin = await login(TEST_ADMIN, TEST_ADMIN, community);
			for (const route of ['omnichannel/contacts.block', 'omnichannel/contacts.unblock']) {
				for (const auth of [{}, admin]) {
					const res = await client.post(api(route)).set(auth).send({ visitor: { visitorId: 'v', source: { type: 'api' } } });
					expect(res.status).to.equal(404);
					expect(res.text).to.equal('"404 Not Found"');
				}
			}
		});

		it('community: no livechat-monitor role, no EE permissions, and naming livechat-monitor answers Invalid role', async () => {
			const client = supertest(community.url);
			const admin = await login(TEST_ADMIN, TEST_ADMIN, community);
			const roles = await client.get(api('roles.list')).set(admin).expect(200);
			expect(roles.body.roles.map(({ _id }: { _id: string }) => _id)).not.to.include('livechat-monitor');
			const permissions = await client.get(api('permissions.listAll')).set(admin).expect(200);
			expect(permissions.body.update.map(({ _id }: { _id: string }) => _id)).not.to.include.members(['block-livechat-contact', 'unblock-livechat-contact']);

			const restore = await client.post(api('permissions.update')).set(admin).send({ permissions: [EE_DEFAULT_LISTS[0]] }).expect(400);
			expect(restore.body).to.deep.equal({ success: false, error: 'Invalid role', errorType: 'error-invalid-role' });
			const user = await client
				.post(api('users.create'))
				.set(admin)
				.send({ username: 'would.be.monitor', email: 'monitor@example.com', password: 'secret-pass-1', name: 'M', roles: ['livechat-monitor'] })
				.expect(400);
			expect(user.body.error).to.equal('Invalid role [error-invalid-role]');
		});

		it('livechat-enterprise without contact-id-verification: the action answers error-action-not-allowed', async () => {
			const client = supertest(partial.url);
			const admin = await login(TEST_ADMIN, TEST_ADMIN, partial);
			for (const route of ['omnichannel/contacts.block', 'omnichannel/contacts.unblock']) {
				const res = await client.post(api(route)).set(admin).send({ visitor: { visitorId: 'v', source: { type: 'api' } } }).expect(400);
				expect(errorBody(res)).to.deep.equal({ success: false, error: 'error-action-not-allowed' });
			}
		});
	});
});
