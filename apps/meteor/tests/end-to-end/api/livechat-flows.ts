import { expect } from 'chai';

import { api, credentials, request, TEST_ADMIN } from '../../data/api-data';
import {
	closeByUser,
	errorBody,
	createRoom,
	createVisitor,
	getContact,
	getInquiry,
	getRoomInfo,
	makeAgentAvailable,
	newToken,
	sendMessage,
	takeInquiry,
	withSettings,
} from '../../data/livechat';

describe('[Livechat] visitor → room → take → messages → close, with the contact at each step', function () {
	this.timeout(60_000);

	before(async () => {
		await makeAgentAvailable(TEST_ADMIN, credentials);
	});

	it('Manual_Selection: the room waits queued, the take serves it, the close puts it in the contact history', async () => {
		await withSettings({ Livechat_Routing_Method: 'Manual_Selection' }, async () => {
			const visitor = await createVisitor({ name: 'Manual Visitor' });
			expect(visitor).to.include({ name: 'Manual Visitor' });
			expect(visitor).not.to.have.property('contactId');

			const room = await createRoom(visitor.token);
			expect(room).to.include({ t: 'l', fname: 'Manual Visitor', open: true, msgs: 1 });
			expect(room).not.to.have.property('servedBy');
			expect(room).not.to.have.property('name');
			expect(room.source).to.deep.equal({ type: 'api' });
			expect(room.v).to.include({ _id: visitor._id, token: visitor.token, status: 'online' });

			// The contact is born with the room: unknown, one channel, lastChat = this room.
			const contact = await getContact(room.contactId);
			expect(contact).to.include({ name: 'Manual Visitor', unknown: true, preRegistration: false });
			expect(contact.emails).to.deep.equal([{ address: `${visitor.token}@visitor.example` }]);
			expect(contact.lastChat._id).to.equal(room._id);
			expect(contact.channels).to.have.length(1);
			expect(contact.channels[0]).to.deep.include({ name: 'api', blocked: false, verified: false, details: { type: 'api' } });
			expect(contact.channels[0].visitor).to.deep.equal({ visitorId: visitor._id, source: { type: 'api' } });
			expect(contact.channels[0].lastChat._id).to.equal(room._id);

			const hidden = await request.get(api('omnichannel/contacts.search')).set(credentials).query({ searchText: 'Manual Visitor' }).expect(200);
			expect(hidden.body.contacts.map((c: { _id: string }) => c._id)).not.to.include(room.contactId);
			const listed = await request.get(api('omnichannel/contacts.search')).set(credentials).query({ searchText: 'Manual Visitor', unknown: true }).expect(200);
			expect(listed.body.contacts.map((c: { _id: string }) => c._id)).to.include(room.contactId);
			const exists = await request.get(api('omnichannel/contacts.checkExistence')).set(credentials).query({ email: `${visitor.token}@visitor.example` }).expect(200);
			expect(exists.body.exists).to.equal(true);
			const channels = await request.get(api('omnichannel/contacts.channels')).set(credentials).query({ contactId: room.contactId }).expect(200);
			expect(channels.body.channels).to.have.length(1);

			// The same visitor asking again gets the same open room.
			const again = await request.get(api('livechat/room')).query({ token: visitor.token }).expect(200);
			expect(again.body).to.include({ newRoom: false });
			expect(again.body.room._id).to.equal(room._id);

			const inquiry = await getInquiry(room._id);
			expect(inquiry).to.include({ rid: room._id, status: 'queued', name: 'Manual Visitor', t: 'l' });
			const queued = await request.get(api('livechat/inquiries.queuedForUser')).set(credentials).expect(200);
			expect(queued.body.inquiries.map((i: { _id: string }) => i._id)).to.include(inquiry._id);

			for (const text of ['hello', 'anyone?', 'please']) {
				const sent = await sendMessage(visitor.token, room._id, text).expect(200);
				expect(sent.body.message).to.include({ rid: room._id, msg: text, token: visitor.token, alias: 'Manual Visitor' });
			}
			expect((await getInquiry(room._id)).lastMessage.msg).to.equal('please');

			const take = await takeInquiry(inquiry._id).expect(200);
			expect(take.body).to.deep.equal({ success: true });
			const served = await getRoomInfo(room._id);
			expect(served.servedBy).to.include({ _id: TEST_ADMIN, username: TEST_ADMIN });
			expect(served.msgs).to.equal(6);
			expect((await getInquiry(room._id)).status).to.equal('taken');
			const sub = await request.get(api('subscriptions.getOne')).set(credentials).query({ roomId: room._id }).expect(200);
			expect(sub.body.subscription).to.include({ rid: room._id, name: 'Manual Visitor', fname: 'Manual Visitor', t: 'l', open: true });

			const twice = await takeInquiry(inquiry._id).expect(400);
			expect(errorBody(twice)).to.deep.equal({ success: false, error: 'Inquiry already taken [error-inquiry-taken]', errorType: 'error-inquiry-taken' });

			const history = await request.get(api(`livechat/messages.history/${room._id}`)).query({ token: visitor.token }).expect(200);
			const texts = history.body.messages.map((m: { msg: string }) => m.msg);
			// Newest first; the take's two messages share a millisecond, so their order is open.
			expect(texts.slice(0, 2)).to.have.members([TEST_ADMIN, 'connected']);
			expect(texts.slice(2)).to.deep.equal(['please', 'anyone?', 'hello', '']);

			const before = await request.get(api('omnichannel/contacts.history')).set(credentials).query({ contactId: room.contactId }).expect(200);
			expect(before.body.history).to.deep.equal([]);

			const noComment = await request.post(api('livechat/room.closeByUser')).set(credentials).send({ rid: room._id }).expect(400);
			expect(errorBody(noComment)).to.deep.equal({ success: false, error: 'error-comment-is-required' });
			await closeByUser(room._id).expect(200);

			const closed = await getRoomInfo(room._id);
			expect(closed).not.to.have.property('open');
			expect(closed).to.include({ closer: 'user' });
			expect(closed.closedBy).to.deep.equal({ _id: TEST_ADMIN, username: TEST_ADMIN });
			expect(closed.lastMessage).to.include({ t: 'livechat-close', msg: 'closing' });
			expect(await getInquiry(room._id)).to.equal(null);
			const gone = await request.get(api('subscriptions.getOne')).set(credentials).query({ roomId: room._id }).expect(200);
			expect(gone.body).to.deep.equal({ subscription: null, success: true });

			const after = await request.get(api('omnichannel/contacts.history')).set(credentials).query({ contactId: room.contactId }).expect(200);
			expect(after.body.history.map((r: { _id: string }) => r._id)).to.deep.equal([room._id]);
			expect(after.body.history[0]).to.include({ closer: 'user' });
			expect(after.body.history[0].source).to.deep.equal({ type: 'api' });

			const reclose = await closeByUser(room._id).expect(400);
			expect(errorBody(reclose)).to.deep.equal({ success: false, error: 'error-room-already-closed' });
			const closedMessage = await sendMessage(visitor.token, room._id, 'late').expect(400);
			expect(errorBody(closedMessage)).to.deep.equal({ success: false, error: 'room-closed' });

			// A second room of the same visitor and source reuses the contact and its one channel.
			const second = await createRoom(visitor.token);
			expect(second._id).not.to.equal(room._id);
			expect(second.contactId).to.equal(room.contactId);
			const contactAfter = await getContact(room.contactId);
			expect(contactAfter.channels).to.have.length(1);
			expect(contactAfter.lastChat._id).to.equal(second._id);
			await closeByUser(second._id).expect(200);
		});
	});

	it('Auto_Selection: the room is served as soon as it opens, and the visitor can close it', async () => {
		await withSettings({ Livechat_Routing_Method: 'Auto_Selection' }, async () => {
			const visitor = await createVisitor({ name: 'Auto Visitor' });
			const room = await createRoom(visitor.token);
			expect(room.servedBy).to.include({ _id: TEST_ADMIN, username: TEST_ADMIN });
			const inquiry = await getInquiry(room._id);
			expect(inquiry.status).to.equal('taken');
			await sendMessage(visitor.token, room._id, 'hi').expect(200);
			const closed = await request.post(api('livechat/room.close')).send({ token: visitor.token, rid: room._id }).expect(200);
			expect(closed.body).to.deep.equal({ rid: room._id, comment: 'Closed by visitor', success: true });
			const info = await getRoomInfo(room._id);
			expect(info).to.include({ closer: 'visitor' });
			expect(info.closedBy).to.deep.equal({ _id: visitor._id, username: visitor.username });
			const history = await request.get(api('omnichannel/contacts.history')).set(credentials).query({ contactId: room.contactId }).expect(200);
			expect(history.body.history.map((r: { _id: string }) => r._id)).to.deep.equal([room._id]);
		});
	});

	it('a visitor with the email of a pre-registered contact joins that contact, whose name wins and gains a conflict', async () => {
		await withSettings({ Livechat_Routing_Method: 'Manual_Selection' }, async () => {
			const email = `${newToken()}@prereg.example`;
			const created = await request.post(api('omnichannel/contacts')).set(credentials).send({ name: 'Contact Name', emails: [email], phones: [] }).expect(200);
			const visitor = await createVisitor({ name: 'Visitor Name', email });
			const room = await createRoom(visitor.token);
			expect(room.contactId).to.equal(created.body.contactId);
			expect(room.fname).to.equal('Contact Name');
			const contact = await getContact(created.body.contactId);
			expect(contact).to.include({ name: 'Contact Name', unknown: false, preRegistration: false });
			expect(contact.conflictingFields).to.deep.equal([{ field: 'name', value: 'Visitor Name' }]);
			expect(contact.channels.map((c: { visitor: { visitorId: string } }) => c.visitor.visitorId)).to.deep.equal([visitor._id]);
			expect(contact.lastChat._id).to.equal(room._id);

			const resolved = await request
				.post(api('omnichannel/contacts.conflicts'))
				.set(credentials)
				.send({ contactId: created.body.contactId, name: 'Visitor Name' })
				.expect(200);
			expect(resolved.body.result).to.include({ name: 'Visitor Name' });
			expect(resolved.body.result.conflictingFields).to.deep.equal([]);
			await closeByUser(room._id).expect(200);
		});
	});

	it('a contact rename reaches the room, the subscription and the inquiry', async () => {
		await withSettings({ Livechat_Routing_Method: 'Manual_Selection' }, async () => {
			const visitor = await createVisitor({ name: 'Before Rename' });
			const room = await createRoom(visitor.token);
			const inquiry = await getInquiry(room._id);
			const other = await createRoom((await createVisitor({ name: 'Other Room' })).token);
			await takeInquiry((await getInquiry(other._id))._id).expect(200);
			const updated = await request.post(api('omnichannel/contacts.update')).set(credentials).send({ contactId: room.contactId, name: 'After Rename' }).expect(200);
			expect(updated.body.contact).to.include({ name: 'After Rename', unknown: false });
			expect((await getRoomInfo(room._id)).fname).to.equal('After Rename');
			expect((await getInquiry(room._id)).name).to.equal('After Rename');
			await takeInquiry(inquiry._id).expect(200);
			const sub = await request.get(api('subscriptions.getOne')).set(credentials).query({ roomId: room._id }).expect(200);
			expect(sub.body.subscription).to.include({ name: 'After Rename', fname: 'After Rename' });
			await request.post(api('omnichannel/contacts.update')).set(credentials).send({ contactId: room.contactId, name: 'Renamed Again' }).expect(200);
			const renamed = await request.get(api('subscriptions.getOne')).set(credentials).query({ roomId: room._id }).expect(200);
			expect(renamed.body.subscription).to.include({ name: 'Renamed Again', fname: 'Renamed Again' });
			expect((await getInquiry(room._id)).name).to.equal('Renamed Again');
			// Other conversations keep their names.
			expect((await getRoomInfo(other._id)).fname).to.equal('Other Room');
			await closeByUser(room._id).expect(200);
			await closeByUser(other._id).expect(200);
		});
	});
});

describe('[Livechat] contacts.delete once rooms exist (newest 7.x)', function () {
	this.timeout(60_000);

	it('refuses a contact with an open room, then removes its visitors and their rooms with it', async () => {
		await makeAgentAvailable(TEST_ADMIN, credentials);
		await withSettings({ Livechat_Routing_Method: 'Manual_Selection' }, async () => {
			const visitor = await createVisitor();
			const room = await createRoom(visitor.token);
			const refused = await request.post(api('omnichannel/contacts.delete')).set(credentials).send({ contactId: room.contactId }).expect(400);
			expect(refused.body).to.deep.equal({ success: false, error: 'error-invalid-contact' });
			await closeByUser(room._id).expect(200);
			await request.post(api('omnichannel/contacts.delete')).set(credentials).send({ contactId: room.contactId }).expect(200);
			await request.get(api(`livechat/visitor/${visitor.token}`)).expect(400);
			await request.get(api('channels.info')).set(credentials).query({ roomId: room._id }).expect(400);
			const exists = await request.get(api('omnichannel/contacts.checkExistence')).set(credentials).query({ contactId: room.contactId }).expect(200);
			expect(exists.body.exists).to.equal(true);
		});
	});
});
