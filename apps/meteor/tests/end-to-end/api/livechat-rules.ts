import { expect } from 'chai';

import { api, createUser, credentials, request, TEST_ADMIN, type TestUser, useProductionLikeServer } from '../../data/api-data';
import {
	closeByUser,
	createRoom,
	createVisitor,
	errorBody,
	getContact,
	getInquiry,
	getRoomInfo,
	makeAgentAvailable,
	newToken,
	sendMessage,
	takeInquiry,
	withSettings,
} from '../../data/livechat';

/*
 * The livechat rules of the spec that the flow and endpoint suites do not
 * reach: the routing and privacy settings, defaultAgent queues, force close,
 * message side effects, status rules, re-registration merges, visitor
 * custom-field rules, and the 5-a-minute limits outside TEST_MODE.
 */

/** A second available agent for one test; made unavailable afterwards so later Auto_Selection rooms go to the admin again. */
async function withSecondAgent(fn: (agent: TestUser) => Promise<void>): Promise<void> {
	const agent = await createUser({ roles: ['user', 'livechat-agent'] });
	await makeAgentAvailable(agent.username, agent.credentials);
	try {
		await fn(agent);
	} finally {
		await request.post(api('livechat/agent.status')).set(credentials).send({ agentId: agent._id, status: 'not-available' }).expect(200);
	}
}

describe('[Livechat] routing, closing, status and privacy rules', function () {
	this.timeout(60_000);

	before(async () => {
		await makeAgentAvailable(TEST_ADMIN, credentials);
	});

	describe('routing settings', () => {
		it('Livechat_waiting_queue: under Auto_Selection a new inquiry still waits queued, unserved', async () => {
			await withSettings({ Livechat_Routing_Method: 'Auto_Selection', Livechat_waiting_queue: true }, async () => {
				const room = await createRoom((await createVisitor()).token);
				expect(room).not.to.have.property('servedBy');
				expect((await getInquiry(room._id)).status).to.equal('queued');
				await takeInquiry((await getInquiry(room._id))._id).expect(200);
				await closeByUser(room._id).expect(200);
			});
		});

		it('Auto_Selection assigns the least busy online agent and counts the chat on it', async () => {
			await withSecondAgent(async (agent) => {
				await withSettings({ Livechat_Routing_Method: 'Auto_Selection' }, async () => {
					// The new agent starts at livechatCount 0, the admin at 0 or more (ties go to the lower username, the admin):
					// two rooms in a row can only both skip the new agent if the first assignment was not counted.
					const rooms = [await createRoom((await createVisitor()).token), await createRoom((await createVisitor()).token)];
					const servers = rooms.map((room) => room.servedBy?._id);
					expect(servers).to.include(agent._id);
					expect(servers.every((id) => id === agent._id || id === TEST_ADMIN), servers.join()).to.equal(true);
					const room = rooms[servers.indexOf(agent._id)];
					expect((await getInquiry(room._id)).status).to.equal('taken');
					const subscription = await request.get(api('subscriptions.getOne')).set(agent.credentials).query({ roomId: room._id }).expect(200);
					expect(subscription.body.subscription).to.include({ rid: room._id, t: 'l', open: true });
					for (const other of rooms) {
						await closeByUser(other._id).expect(200);
					}
				});
			});
		});

		it('an agentId room waits for that agent only: queuedForUser (and the deprecated queued) show it to them, not to others', async () => {
			await withSecondAgent(async (agent) => {
				await withSettings({ Livechat_Routing_Method: 'Manual_Selection' }, async () => {
					const room = await createRoom((await createVisitor()).token, { agentId: agent._id });
					const inquiry = await getInquiry(room._id);
					expect(inquiry).to.include({ status: 'queued' });
					expect(inquiry.defaultAgent).to.deep.equal({ agentId: agent._id, username: agent.username });
					const ids = async (route: string, auth: typeof credentials) =>
						(await request.get(api(route)).set(auth).query({ count: 500 }).expect(200)).body.inquiries.map((i: { _id: string }) => i._id);
					expect(await ids('livechat/inquiries.queuedForUser', agent.credentials)).to.include(inquiry._id);
					expect(await ids('livechat/inquiries.queued', agent.credentials)).to.include(inquiry._id);
					expect(await ids('livechat/inquiries.queuedForUser', credentials)).not.to.include(inquiry._id);
					const page = await request.get(api('livechat/inquiries.queuedForUser')).set(agent.credentials).query({ count: 1 }).expect(200);
					expect(page.body).to.include({ count: 1, offset: 0, success: true });
					expect(page.body.total).to.be.at.least(1);
					await request.get(api('livechat/inquiries.queuedForUser')).query({}).expect(401);
					await takeInquiry(inquiry._id, agent.credentials).expect(200);
					await closeByUser(room._id, agent.credentials).expect(200);
				});
			});
		});

		it('Livechat_assign_new_conversation_to_bot: a bot agent serves the room at once, even under Manual_Selection', async () => {
			const bot = await createUser({ roles: ['bot', 'livechat-agent'] });
			await request.post(api('livechat/agent.status')).set(credentials).send({ agentId: bot._id, status: 'available' }).expect(200);
			try {
				await withSettings({ Livechat_Routing_Method: 'Manual_Selection', Livechat_assign_new_conversation_to_bot: true }, async () => {
					const room = await createRoom((await createVisitor()).token);
					expect(room.servedBy).to.include({ _id: bot._id, username: bot.username });
					expect((await getInquiry(room._id)).status).to.equal('taken');
					await closeByUser(room._id).expect(200);
				});
			} finally {
				await request.post(api('livechat/agent.status')).set(credentials).send({ agentId: bot._id, status: 'not-available' }).expect(200);
			}
		});
	});

	describe('closing', () => {
		it('room.closeByUser forceClose re-closes a closed room only while Omnichannel_allow_force_close_conversations is on', async () => {
			await withSettings({ Livechat_Routing_Method: 'Manual_Selection' }, async () => {
				const visitor = await createVisitor();
				const room = await createRoom(visitor.token);
				await closeByUser(room._id).expect(200);
				const send = () => request.post(api('livechat/room.closeByUser')).set(credentials).send({ rid: room._id, comment: 'again', forceClose: true });
				expect(errorBody(await send().expect(400))).to.deep.equal({ success: false, error: 'error-room-already-closed' });
				await withSettings({ Omnichannel_allow_force_close_conversations: true }, async () => {
					await send().expect(200);
				});
				const history = await request.get(api(`livechat/messages.history/${room._id}`)).query({ token: visitor.token }).expect(200);
				expect(history.body.messages.filter((m: { t?: string }) => m.t === 'livechat-close').map((m: { msg: string }) => m.msg)).to.deep.equal(['again', 'closing']);
				const visitorClose = await request.post(api('livechat/room.close')).send({ token: visitor.token, rid: room._id }).expect(400);
				expect(errorBody(visitorClose)).to.deep.equal({ success: false, error: 'room-closed' });
			});
		});

		it('room.closeByUser validates its body after authentication and refuses extra keys', async () => {
			await request.post(api('livechat/room.closeByUser')).send({ rid: 'x' }).expect(401);
			const extra = await request.post(api('livechat/room.closeByUser')).set(credentials).send({ rid: 'x', $set: { open: true } }).expect(400);
			expect(errorBody(extra)).to.deep.equal({ success: false, error: 'must NOT have additional properties [invalid-params]', errorType: 'invalid-params' });
			const user = await createUser({ roles: ['user'] });
			await request.post(api('livechat/room.closeByUser')).set(user.credentials).send({ rid: 'x' }).expect(403);
		});
	});

	describe('visitor messages', () => {
		it("copy into a queued inquiry's lastMessage, raise the agent's unread, keep a given _id, and read back newest first", async () => {
			await withSettings({ Livechat_Routing_Method: 'Manual_Selection' }, async () => {
				const visitor = await createVisitor();
				const room = await createRoom(visitor.token);
				await sendMessage(visitor.token, room._id, 'while queued').expect(200);
				expect((await getInquiry(room._id)).lastMessage).to.include({ msg: 'while queued' });
				await takeInquiry((await getInquiry(room._id))._id).expect(200);
				const unread = async () => (await request.get(api('subscriptions.getOne')).set(credentials).query({ roomId: room._id }).expect(200)).body.subscription.unread;
				const before = await unread();
				const id = `msg${newToken().replace(/-/g, '')}`.slice(0, 17);
				const sent = await request.post(api('livechat/message')).send({ token: visitor.token, rid: room._id, msg: 'hello', _id: id }).expect(200);
				expect(sent.body.message).to.include({ _id: id, msg: 'hello', rid: room._id, token: visitor.token, alias: visitor.name });
				expect(await unread()).to.equal(before + 1);
				const info = await getRoomInfo(room._id);
				expect(info.lastMessage).to.include({ _id: id, msg: 'hello' });

				const history = await request.get(api(`livechat/messages.history/${room._id}`)).query({ token: visitor.token, limit: 2 }).expect(200);
				expect(history.body.messages).to.have.length(2);
				expect(history.body.messages[0]).to.include({ _id: id });
				const older = await request.get(api(`livechat/messages.history/${room._id}`)).query({ token: visitor.token, limit: 2, offset: 1 }).expect(200);
				expect(older.body.messages[0]._id).to.equal(history.body.messages[1]._id);
				const unknownToken = await request.get(api(`livechat/messages.history/${room._id}`)).query({ token: 'nobody' }).expect(400);
				expect(errorBody(unknownToken)).to.deep.equal({ success: false, error: 'invalid-token' });
				await closeByUser(room._id).expect(200);
				const closed = await sendMessage(visitor.token, room._id, 'after close').expect(400);
				expect(errorBody(closed)).to.deep.equal({ success: false, error: 'room-closed' });
			});
		});
	});

	describe('agent and user status', () => {
		it('agent.status refuses a deactivated agent; users.setStatus refuses invisible when disabled and stores the status message', async () => {
			const agent = await createUser({ roles: ['user', 'livechat-agent'] });
			await request.post(api('users.setStatus')).set(agent.credentials).send({ status: 'away', message: '  at lunch ' }).expect(200);
			const info = await request.get(api('users.info')).set(credentials).query({ userId: agent._id }).expect(200);
			expect(info.body.user).to.include({ status: 'away', statusText: 'at lunch' });
			await withSettings({ Accounts_AllowInvisibleStatusOption: false }, async () => {
				const invisible = await request.post(api('users.setStatus')).set(agent.credentials).send({ status: 'offline' }).expect(400);
				expect(errorBody(invisible)).to.deep.include({ error: 'Invisible status is disabled [error-status-not-allowed]', errorType: 'error-status-not-allowed' });
			});
			await withSettings({ Accounts_AllowUserStatusMessageChange: false }, async () => {
				const refused = await request.post(api('users.setStatus')).set(agent.credentials).send({ status: 'online' }).expect(400);
				expect(errorBody(refused)).to.deep.include({ error: 'Change status is not allowed [error-not-allowed]', errorType: 'error-not-allowed' });
			});
			await request.post(api('users.setActiveStatus')).set(credentials).send({ userId: agent._id, activeStatus: false }).expect(200);
			const deactivated = await request.post(api('livechat/agent.status')).set(credentials).send({ agentId: agent._id, status: 'available' }).expect(400);
			expect(errorBody(deactivated)).to.deep.equal({ success: false, error: 'error-user-deactivated' });
		});
	});

	describe('visitor registration', () => {
		it('merges a re-registration into the linked contact: overwrite while unknown, a name conflict once known', async () => {
			await withSettings({ Livechat_Routing_Method: 'Manual_Selection' }, async () => {
				const visitor = await createVisitor({ name: 'First Name' });
				const room = await createRoom(visitor.token);
				await request.post(api('livechat/visitor')).send({ visitor: { token: visitor.token, name: 'Second Name', phone: '+1 555 0199 1' } }).expect(200);
				const overwritten = await getContact(room.contactId);
				expect(overwritten).to.include({ name: 'Second Name', unknown: true });
				expect(overwritten.phones).to.deep.equal([{ phoneNumber: '+1 555 0199 1' }]);
				expect(overwritten).not.to.have.property('conflictingFields');

				await request.post(api('omnichannel/contacts.update')).set(credentials).send({ contactId: room.contactId, name: 'Known Name' }).expect(200);
				await request.post(api('livechat/visitor')).send({ visitor: { token: visitor.token, name: 'Third Name' } }).expect(200);
				const known = await getContact(room.contactId);
				expect(known).to.include({ name: 'Known Name', unknown: false });
				expect(known.conflictingFields).to.deep.equal([{ field: 'name', value: 'Third Name' }]);
				await closeByUser(room._id).expect(200);
			});
		});

		it('refuses customFields missing a required visitor field, and custom.field with scope room writes the open room', async () => {
			const required = `req${newToken().replace(/-/g, '')}`.slice(0, 20);
			const roomField = `rf${newToken().replace(/-/g, '')}`.slice(0, 20);
			const save = (field: string, extra: Record<string, unknown>) =>
				request
					.post(api('livechat/custom-fields.save'))
					.set(credentials)
					.send({ customFieldId: null, customFieldData: { field, label: field, visibility: 'visible', ...extra } })
					.expect(200);
			await save(required, { scope: 'visitor', required: true });
			await save(roomField, { scope: 'room' });
			try {
				const missing = await request
					.post(api('livechat/visitor'))
					.send({ visitor: { token: newToken(), customFields: [{ key: roomField, value: 'x', overwrite: true }] } })
					.expect(400);
				expect(errorBody(missing)).to.deep.equal({ success: false, error: `Missing required custom fields: ${required}` });
				// Without customFields the required field is not asked for.
				await withSettings({ Livechat_Routing_Method: 'Manual_Selection' }, async () => {
					const visitor = await createVisitor();
					const room = await createRoom(visitor.token);
					await request.post(api('livechat/custom.field')).send({ token: visitor.token, key: roomField, value: 'on room', overwrite: false }).expect(200);
					expect((await getRoomInfo(room._id)).livechatData).to.deep.equal({ [roomField]: 'on room' });
					await request.post(api('livechat/custom.field')).send({ token: visitor.token, key: roomField, value: 'kept?', overwrite: false }).expect(200);
					expect((await getRoomInfo(room._id)).livechatData).to.deep.equal({ [roomField]: 'on room' });
					await closeByUser(room._id).expect(200);
				});
			} finally {
				for (const customFieldId of [required, roomField]) {
					await request.post(api('livechat/custom-fields.delete')).set(credentials).send({ customFieldId }).expect(200);
				}
			}
		});

		it('Livechat_Allow_collect_and_store_HTTP_header_informations: stores userAgent/ip/host, and lets a visitor with an open room be deleted', async () => {
			await withSettings({ Livechat_Routing_Method: 'Manual_Selection', Livechat_Allow_collect_and_store_HTTP_header_informations: true }, async () => {
				const token = newToken();
				const res = await request.post(api('livechat/visitor')).set('User-Agent', 'rules-test/1.0').send({ visitor: { token, name: 'Tracked' } }).expect(200);
				expect(res.body.visitor).to.include({ userAgent: 'rules-test/1.0' });
				expect(res.body.visitor.ip).to.be.a('string').and.not.equal('');
				expect(res.body.visitor.host).to.be.a('string').and.not.equal('');
				await createRoom(token);
				await request.delete(api(`livechat/visitor/${token}`)).expect(200);
				await request.get(api(`livechat/visitor/${token}`)).expect(400);
			});
			const untracked = await request.post(api('livechat/visitor')).set('User-Agent', 'rules-test/1.0').send({ visitor: { token: newToken() } }).expect(200);
			expect(untracked.body.visitor).not.to.have.any.keys('userAgent', 'ip', 'host');
		});
	});
});

describe('[Livechat] rate limits outside TEST_MODE', function () {
	this.timeout(60_000);
	const prod = useProductionLikeServer({ username: 'lcrules.admin', password: 'lcrules-admin-pass', email: 'lcrules.admin@example.com' });

	it('livechat/visitor and livechat/room allow 5 calls a minute per client, then answer 429', async () => {
		const token = newToken();
		for (let call = 0; call < 5; call++) {
			await prod.client.post(api('livechat/visitor')).send({ visitor: { token } }).expect(200);
		}
		const refused = await prod.client.post(api('livechat/visitor')).send({ visitor: { token } }).expect(429);
		expect(refused.body).to.deep.equal({
			success: false,
			error: 'Error, too many requests. Please slow down. You must wait 60 seconds before trying this endpoint again. [error-too-many-requests]',
		});
		// Without an online agent each room request fails, but still counts.
		for (let call = 0; call < 5; call++) {
			expect((await prod.client.get(api('livechat/room')).query({ token })).status).not.to.equal(429);
		}
		await prod.client.get(api('livechat/room')).query({ token }).expect(429);
	});
});
