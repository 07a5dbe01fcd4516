import { expect } from 'chai';

import { api, createUser, credentials, request, TEST_ADMIN } from '../../data/api-data';
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

describe('[Livechat] endpoints: errors, auth and hostile input', function () {
	this.timeout(60_000);

	before(async () => {
		await makeAgentAvailable(TEST_ADMIN, credentials);
	});

	describe('POST livechat/visitor', () => {
		it('validates the body with ajv and refuses a blank token', async () => {
			expect(errorBody(await request.post(api('livechat/visitor')).send({}).expect(400))).to.deep.equal({
				success: false,
				error: "must have required property 'visitor' [invalid-params]",
				errorType: 'invalid-params',
			});
			expect(errorBody(await request.post(api('livechat/visitor')).send({ visitor: {} }).expect(400)).error).to.equal(
				"must have required property 'token' [invalid-params]",
			);
			expect(errorBody(await request.post(api('livechat/visitor')).send({ visitor: { token: 't' }, extra: 1 }).expect(400)).error).to.equal(
				'must NOT have additional properties [invalid-params]',
			);
			expect(errorBody(await request.post(api('livechat/visitor')).send({ visitor: { token: '   ' } }).expect(400))).to.deep.equal({
				success: false,
				error: 'Token cannot be empty [error-invalid-token]',
				errorType: 'error-invalid-token',
			});
		});

		it('lower-cases and checks the email, refuses an unknown department', async () => {
			const token = newToken();
			const res = await request.post(api('livechat/visitor')).send({ visitor: { token, email: '  Ann@Example.COM ' } }).expect(200);
			expect(res.body.visitor.visitorEmails).to.deep.equal([{ address: 'ann@example.com' }]);
			expect(res.body.visitor).to.include({ token, status: 'online' });
			expect(res.body.visitor.username).to.match(/^guest-\d+$/);
			const bad = await request.post(api('livechat/visitor')).send({ visitor: { token, email: 'not-an-email' } }).expect(400);
			expect(errorBody(bad)).to.deep.equal({ success: false, error: 'Invalid email not-an-email [error-invalid-email]', errorType: 'error-invalid-email' });
			const dept = await request.post(api('livechat/visitor')).send({ visitor: { token, department: 'nope' } }).expect(400);
			expect(errorBody(dept).error).to.equal('The provided department is invalid [error-invalid-department]');
		});

		it('updates the visitor with the same token, and a visitor found by phone keeps its old token', async () => {
			const visitor = await createVisitor({ phone: '+1 555 0101 9' });
			const renamed = await request.post(api('livechat/visitor')).send({ visitor: { token: visitor.token, name: 'Renamed' } }).expect(200);
			expect(renamed.body.visitor).to.include({ _id: visitor._id, name: 'Renamed' });
			const byPhone = await request.post(api('livechat/visitor')).send({ visitor: { token: newToken(), phone: '+1 555 0101 9' } }).expect(200);
			expect(byPhone.body.visitor).to.include({ _id: visitor._id, token: visitor.token });
		});

		it('never hands a visitor id owned by another token to a new token', async () => {
			const visitor = await createVisitor();
			const res = await request.post(api('livechat/visitor')).send({ visitor: { token: newToken(), id: visitor._id } }).expect(400);
			expect(errorBody(res).errorType).to.equal('error-livechat-visitor-registration');
			const still = await request.get(api(`livechat/visitor/${visitor.token}`)).expect(200);
			expect(still.body.visitor._id).to.equal(visitor._id);
		});

		it('bounds what an unauthenticated caller can store', async () => {
			const long = await request.post(api('livechat/visitor')).send({ visitor: { token: newToken(), name: 'x'.repeat(10_000) } }).expect(400);
			expect(errorBody(long).errorType).to.equal('error-input-too-long');
			const longToken = await request.post(api('livechat/visitor')).send({ visitor: { token: 't'.repeat(300) } }).expect(400);
			expect(errorBody(longToken).errorType).to.equal('error-input-too-long');
			const many = Array.from({ length: 101 }, (_, i) => ({ key: `k${i}`, value: 'v', overwrite: true }));
			const tooMany = await request.post(api('livechat/visitor')).send({ visitor: { token: newToken(), customFields: many } }).expect(400);
			expect(errorBody(tooMany).errorType).to.equal('error-too-many-items');
		});

		it('GET and DELETE livechat/visitor/:token', async () => {
			const unknown = await request.get(api('livechat/visitor/nope-token')).expect(400);
			expect(errorBody(unknown)).to.deep.equal({ success: false, error: '[invalid-token]', errorType: 'invalid-token' });
			await withSettings({ Livechat_Routing_Method: 'Manual_Selection' }, async () => {
				const visitor = await createVisitor();
				const room = await createRoom(visitor.token);
				const refused = await request.delete(api(`livechat/visitor/${visitor.token}`)).expect(400);
				expect(errorBody(refused).error).to.equal('Cannot remove visitors with opened rooms [visitor-has-open-rooms]');
				await closeByUser(room._id).expect(200);
				const removed = await request.delete(api(`livechat/visitor/${visitor.token}`)).expect(200);
				expect(removed.body.visitor._id).to.equal(visitor._id);
				expect(new Date(removed.body.visitor.ts).toString()).not.to.equal('Invalid Date');
				await request.get(api(`livechat/visitor/${visitor.token}`)).expect(400);
				const history = await request.get(api('omnichannel/contacts.history')).set(credentials).query({ contactId: room.contactId }).expect(200);
				expect(history.body.history).to.deep.equal([]);
				await request.delete(api(`livechat/visitor/${visitor.token}`)).expect(400);
			});
		});
	});

	describe('GET livechat/room', () => {
		it("answers Meteor check() errors and plain 'invalid-token'/'invalid-room'", async () => {
			expect(errorBody(await request.get(api('livechat/room')).expect(400))).to.deep.equal({ success: false, error: "Match error: Missing key 'token'" });
			expect(errorBody(await request.get(api('livechat/room')).query({ token: 'x', foo: 'y' }).expect(400))).to.deep.equal({
				success: false,
				error: 'Match error: Unknown key in field foo',
			});
			expect(errorBody(await request.get(api('livechat/room')).query({ token: 'no-such-token' }).expect(400))).to.deep.equal({ success: false, error: 'invalid-token' });
			const visitor = await createVisitor();
			expect(errorBody(await request.get(api('livechat/room')).query({ token: visitor.token, rid: 'nope' }).expect(400))).to.deep.equal({
				success: false,
				error: 'invalid-room',
			});
		});

		it('refuses with no online agent unless chats without agents are accepted, and when livechat is off', async () => {
			const visitor = await createVisitor();
			await withSettings({ Livechat_enabled_when_agent_idle: false }, async () => {
				await request.post(api('livechat/agent.status')).set(credentials).send({ status: 'not-available' }).expect(200);
				try {
					const refused = await request.get(api('livechat/room')).query({ token: visitor.token }).expect(400);
					expect(errorBody(refused)).to.deep.equal({ success: false, error: 'Sorry, no online agents [no-agent-online]', errorType: 'no-agent-online' });
					await withSettings({ Livechat_accept_chats_with_no_agents: true, Livechat_Routing_Method: 'Auto_Selection' }, async () => {
						const room = await createRoom(visitor.token);
						expect(room).not.to.have.property('servedBy');
						expect((await getInquiry(room._id)).status).to.equal('ready');
						await closeByUser(room._id).expect(200);
					});
				} finally {
					await request.post(api('livechat/agent.status')).set(credentials).send({ status: 'available' }).expect(200);
				}
			});
			await withSettings({ Livechat_enabled: false }, async () => {
				const off = await request.get(api('livechat/room')).query({ token: visitor.token }).expect(400);
				expect(errorBody(off)).to.deep.equal({ success: false, error: '[error-omnichannel-is-disabled]', errorType: 'error-omnichannel-is-disabled' });
				const config = await request.get(api('livechat/config')).expect(200);
				expect(config.body).to.deep.equal({ config: { enabled: false }, success: true });
			});
		});

		it('a widget visitor (cookies) gets a widget room and a second, separate contact', async () => {
			await withSettings({ Livechat_Routing_Method: 'Manual_Selection' }, async () => {
				const visitor = await createVisitor();
				const apiRoom = await createRoom(visitor.token);
				await closeByUser(apiRoom._id).expect(200);
				const res = await request.get(api('livechat/room')).set('Cookie', 'rc_room_type=l; rc_is_widget=t').query({ token: visitor.token }).expect(200);
				expect(res.body.room.source.type).to.equal('widget');
				expect(res.body.room.contactId).not.to.equal(apiRoom.contactId);
				const contact = await getContact(res.body.room.contactId);
				expect(contact.channels.map((c: { name: string }) => c.name)).to.deep.equal(['widget']);
				await closeByUser(res.body.room._id).expect(200);
			});
		});
	});

	describe('agents: users.setStatus, livechat/agent.status, inquiries', () => {
		it('users.setStatus validates the status and needs edit-other-user-info for someone else', async () => {
			const user = await createUser({ roles: ['user'] });
			const invalid = await request.post(api('users.setStatus')).set(user.credentials).send({ status: 'sleeping' }).expect(400);
			expect(errorBody(invalid)).to.deep.equal({
				success: false,
				error: 'Valid status types include online, away, offline, and busy. [error-invalid-status]',
				errorType: 'error-invalid-status',
				details: { method: 'users.setStatus' },
			});
			await request.post(api('users.setStatus')).set(user.credentials).send({ status: 'busy', message: 'x'.repeat(500) }).expect(200);
			const info = await request.get(api('users.info')).set(credentials).query({ userId: user._id }).expect(200);
			expect(info.body.user.status).to.equal('busy');
			await request.post(api('users.setStatus')).set(user.credentials).send({ status: 'away', userId: TEST_ADMIN }).expect(403);
			await request.post(api('users.setStatus')).send({ status: 'away' }).expect(401);
		});

		it('agent.status: 404 for a non-agent, toggles, and needs manage-livechat-agents for others', async () => {
			const user = await createUser({ roles: ['user'] });
			await request.post(api('livechat/agent.status')).set(user.credentials).send({}).expect(403);
			const agent = await createUser({ roles: ['user', 'livechat-agent'] });
			const toggled = await request.post(api('livechat/agent.status')).set(agent.credentials).send({}).expect(200);
			expect(toggled.body).to.deep.equal({ status: 'available', success: true });
			const other = await request.post(api('livechat/agent.status')).set(agent.credentials).send({ agentId: TEST_ADMIN, status: 'not-available' }).expect(403);
			expect(other.body).to.deep.equal({ success: false, error: 'unauthorized' });
			const notAgent = await request.post(api('livechat/agent.status')).set(credentials).send({ agentId: user._id }).expect(404);
			expect(notAgent.body).to.deep.equal({ success: false, error: 'Agent not found' });
			const bad = await request.post(api('livechat/agent.status')).set(credentials).send({ status: 'maybe' }).expect(400);
			expect(errorBody(bad).error).to.equal('must be equal to one of the allowed values [invalid-params]');
		});

		it('inquiries.take refuses unknown inquiries, unknown users and offline agents; getOne answers null for unknown rooms', async () => {
			const missing = await takeInquiry('nope').expect(400);
			expect(errorBody(missing)).to.deep.equal({ success: false, error: 'Inquiry not found [error-not-found]', errorType: 'error-not-found' });
			const none = await request.get(api('livechat/inquiries.getOne')).set(credentials).query({ roomId: 'nope' }).expect(200);
			expect(none.body).to.deep.equal({ inquiry: null, success: true });
			await withSettings({ Livechat_Routing_Method: 'Manual_Selection' }, async () => {
				const room = await createRoom((await createVisitor()).token);
				const inquiry = await getInquiry(room._id);
				const invalidUser = await request.post(api('livechat/inquiries.take')).set(credentials).send({ inquiryId: inquiry._id, userId: 'nobody' }).expect(400);
				expect(errorBody(invalidUser)).to.deep.equal({ success: false, error: 'The user is invalid' });
				const offline = await createUser({ roles: ['user', 'livechat-agent'] });
				const refused = await request.post(api('livechat/inquiries.take')).set(credentials).send({ inquiryId: inquiry._id, userId: offline._id }).expect(400);
				expect(errorBody(refused).errorType).to.equal('error-agent-status-service-offline');
				const plainUser = await createUser({ roles: ['user'] });
				await takeInquiry(inquiry._id, plainUser.credentials).expect(403);
				await request.post(api('livechat/inquiries.take')).send({ inquiryId: inquiry._id }).expect(401);
				const dept = await request.get(api('livechat/inquiries.queuedForUser')).set(credentials).query({ department: 'x' }).expect(400);
				expect(errorBody(dept)).to.deep.equal({ success: false, error: 'error-not-authorized' });
				await closeByUser(room._id).expect(200);
			});
		});
	});

	describe('close rules and messages', () => {
		it('visitor close can be switched off; closeByUser needs a subscription or close-others-livechat-room', async () => {
			await withSettings({ Livechat_Routing_Method: 'Manual_Selection' }, async () => {
				const visitor = await createVisitor();
				const room = await createRoom(visitor.token);
				await withSettings({ Omnichannel_allow_visitors_to_close_conversation: false }, async () => {
					const off = await request.post(api('livechat/room.close')).send({ token: visitor.token, rid: room._id }).expect(400);
					expect(errorBody(off)).to.deep.equal({ success: false, error: 'error-not-allowed-to-close-conversation' });
				});
				const agent = await createUser({ roles: ['user', 'livechat-agent'] });
				const notServing = await closeByUser(room._id, agent.credentials).expect(400);
				expect(errorBody(notServing)).to.deep.equal({ success: false, error: 'error-not-authorized' });
				expect(errorBody(await closeByUser('nope').expect(400))).to.deep.equal({ success: false, error: 'error-invalid-room' });
				const wrongToken = await request.post(api('livechat/room.close')).send({ token: (await createVisitor()).token, rid: room._id }).expect(400);
				expect(errorBody(wrongToken)).to.deep.equal({ success: false, error: 'invalid-room' });
				await withSettings({ Livechat_request_comment_when_closing_conversation: false }, async () => {
					await request.post(api('livechat/room.closeByUser')).set(credentials).send({ rid: room._id }).expect(200);
				});
				expect((await getRoomInfo(room._id)).closer).to.equal('user');
			});
		});

		it('livechat/message refuses foreign rooms, over-long messages and extra keys', async () => {
			await withSettings({ Livechat_Routing_Method: 'Manual_Selection' }, async () => {
				const visitor = await createVisitor();
				const room = await createRoom(visitor.token);
				expect(errorBody(await sendMessage('no-such-token', room._id, 'x').expect(400))).to.deep.equal({ success: false, error: 'invalid-token' });
				const stranger = await createVisitor();
				expect(errorBody(await sendMessage(stranger.token, room._id, 'x').expect(400))).to.deep.equal({ success: false, error: 'invalid-room' });
				const huge = await sendMessage(visitor.token, room._id, 'x'.repeat(6000)).expect(400);
				expect(errorBody(huge).errorType).to.equal('error-message-size-exceeded');
				await withSettings({ Livechat_enable_message_character_limit: true, Livechat_message_character_limit: 5 }, async () => {
					expect(errorBody(await sendMessage(visitor.token, room._id, 'too long').expect(400))).to.deep.equal({
						success: false,
						error: 'message-length-exceeds-character-limit',
					});
				});
				const extra = await request.post(api('livechat/message')).send({ token: visitor.token, rid: room._id, msg: 'x', $where: '1' }).expect(400);
				expect(errorBody(extra).errorType).to.equal('invalid-params');
				const history = await request.get(api(`livechat/messages.history/${room._id}`)).query({ token: stranger.token }).expect(400);
				expect(errorBody(history)).to.deep.equal({ success: false, error: 'invalid-room' });
				await closeByUser(room._id).expect(200);
			});
		});

		it('livechat/config reports online agents and the visitor room', async () => {
			await withSettings({ Livechat_Routing_Method: 'Auto_Selection' }, async () => {
				const visitor = await createVisitor();
				const room = await createRoom(visitor.token);
				const res = await request.get(api('livechat/config')).query({ token: visitor.token }).expect(200);
				expect(res.body.config).to.include({ enabled: true, online: true });
				expect(res.body.config.room._id).to.equal(room._id);
				expect(res.body.config.agent.username).to.equal(TEST_ADMIN);
				await closeByUser(room._id).expect(200);
			});
		});
	});

	describe('channels.info and subscriptions.getOne', () => {
		it('channels.info shows livechat rooms to omnichannel staff only', async () => {
			const res = await request.get(api('channels.info')).set(credentials).query({ roomId: 'nope' }).expect(400);
			expect(errorBody(res).errorType).to.equal('error-room-not-found');
			await request.get(api('channels.info')).query({ roomId: 'nope' }).expect(401);
			const sub = await request.get(api('subscriptions.getOne')).set(credentials).query({}).expect(400);
			expect(errorBody(sub).error).to.equal("must have required property 'roomId' [invalid-params]");
		});
	});

	describe('custom fields from visitors', () => {
		it('custom.field(s) set visitor data, fill the linked contact, and record conflicts without overwrite', async () => {
			const fieldId = `cf${newToken().replace(/-/g, '')}`.slice(0, 20);
			await request
				.post(api('livechat/custom-fields.save'))
				.set(credentials)
				.send({ customFieldId: null, customFieldData: { field: fieldId, label: 'CF', scope: 'visitor', visibility: 'visible', regexp: '^[a-z]+$' } })
				.expect(200);
			try {
				await withSettings({ Livechat_Routing_Method: 'Manual_Selection' }, async () => {
					const visitor = await createVisitor();
					const room = await createRoom(visitor.token);
					const set = await request.post(api('livechat/custom.field')).send({ token: visitor.token, key: fieldId, value: 'abc', overwrite: false }).expect(200);
					expect(set.body).to.deep.equal({ field: { key: fieldId, value: 'abc', overwrite: false }, success: true });
					expect((await getContact(room.contactId)).customFields).to.deep.equal({ [fieldId]: 'abc' });
					const many = await request
						.post(api('livechat/custom.fields'))
						.send({ token: visitor.token, customFields: [{ key: fieldId, value: 'xyz', overwrite: false }] })
						.expect(200);
					expect(many.body).to.deep.equal({ fields: [{ Key: fieldId, value: 'xyz', overwrite: false }], success: true });
					const contact = await getContact(room.contactId);
					expect(contact.customFields).to.deep.equal({ [fieldId]: 'abc' });
					expect(contact.conflictingFields).to.deep.equal([{ field: `customFields.${fieldId}`, value: 'xyz' }]);
					const invalid = await request.post(api('livechat/custom.field')).send({ token: visitor.token, key: fieldId, value: '123', overwrite: true }).expect(400);
					expect(errorBody(invalid)).to.deep.equal({ success: false, error: `Invalid value for ${fieldId} field` });
					const unknownField = await request.post(api('livechat/custom.field')).send({ token: visitor.token, key: 'nope', value: 'a', overwrite: true }).expect(400);
					expect(errorBody(unknownField)).to.deep.equal({ success: false, error: 'invalid-custom-field' });
					await closeByUser(room._id).expect(200);
				});
			} finally {
				await request.post(api('livechat/custom-fields.delete')).set(credentials).send({ customFieldId: fieldId }).expect(200);
			}
		});
	});

	describe('concurrency', () => {
		it('two agents taking one inquiry at once: exactly one subscription and one servedBy', async () => {
			const second = await createUser({ roles: ['user', 'livechat-agent'] });
			await makeAgentAvailable(second.username, second.credentials);
			try {
				await withSettings({ Livechat_Routing_Method: 'Manual_Selection' }, async () => {
					for (let round = 0; round < 5; round++) {
						const room = await createRoom((await createVisitor()).token);
						const inquiry = await getInquiry(room._id);
						const answers = await Promise.all([takeInquiry(inquiry._id, credentials), takeInquiry(inquiry._id, second.credentials)]);
						expect(answers.map((res) => res.status).sort()).to.deep.equal([200, 400]);
						const loser = answers.find((res) => res.status === 400)!;
						expect(errorBody(loser).errorType).to.equal('error-inquiry-taken');
						const winner = answers[0].status === 200 ? TEST_ADMIN : second._id;
						const info = await getRoomInfo(room._id);
						expect(info.servedBy._id).to.equal(winner);
						expect(info.usersCount).to.equal(2);
						const subs = await Promise.all(
							[credentials, second.credentials].map((auth) => request.get(api('subscriptions.getOne')).set(auth).query({ roomId: room._id })),
						);
						expect(subs.filter((res) => res.body.subscription !== null)).to.have.length(1);
						await closeByUser(room._id).expect(200);
					}
				});
			} finally {
				await request.post(api('livechat/agent.status')).set(second.credentials).send({ status: 'not-available' }).expect(200);
			}
		});

		it('concurrent room requests of one visitor open one room; concurrent closes: one wins', async () => {
			await withSettings({ Livechat_Routing_Method: 'Manual_Selection' }, async () => {
				const visitor = await createVisitor();
				const answers = await Promise.all(Array.from({ length: 10 }, () => request.get(api('livechat/room')).query({ token: visitor.token })));
				expect(answers.map((res) => res.status)).to.deep.equal(Array(10).fill(200));
				expect(new Set(answers.map((res) => res.body.room._id)).size).to.equal(1);
				expect(answers.filter((res) => res.body.newRoom)).to.have.length(1);
				const contact = await getContact(answers[0].body.room.contactId);
				expect(contact.channels).to.have.length(1);
				const rid = answers[0].body.room._id;
				const closes = await Promise.all(Array.from({ length: 5 }, () => closeByUser(rid)));
				expect(closes.filter((res) => res.status === 200)).to.have.length(1);
				const closeMessages = await request.get(api(`livechat/messages.history/${rid}`)).query({ token: visitor.token }).expect(200);
				expect(closeMessages.body.messages.filter((m: { t?: string }) => m.t === 'livechat-close')).to.have.length(1);
			});
		});
	});

	describe('livechat/users/agent and visitors\' contact manager', () => {
		it("a registering visitor gets its contact's online manager; removing that agent role clears it", async () => {
			const manager = await createUser({ roles: ['user'] });
			await makeAgentAvailable(manager.username, manager.credentials);
			const email = `${newToken()}@managed.example`;
			const created = await request.post(api('omnichannel/contacts')).set(credentials).send({ name: 'Managed', emails: [email], phones: [], contactManager: manager._id });
			expect(created.status, JSON.stringify(created.body)).to.equal(200);

			const visitor = await createVisitor({ email });
			const registered = (await request.get(api(`livechat/visitor/${visitor.token}`)).expect(200)).body.visitor;
			expect(registered.contactManager).to.include({ _id: manager._id, username: manager.username });

			await request.delete(api(`livechat/users/agent/${manager._id}`)).set(credentials).expect(200);
			const after = (await request.get(api(`livechat/visitor/${visitor.token}`)).expect(200)).body.visitor;
			expect(after).not.to.have.property('contactManager');
		});
	});
});
