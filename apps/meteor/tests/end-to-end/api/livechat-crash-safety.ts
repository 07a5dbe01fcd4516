import { expect } from 'chai';
import supertest from 'supertest';

import { api, login, type StartedServer, TEST_ADMIN, useRestartableServer } from '../../data/api-data';

/** The admin as an available agent and the given routing (Manual_Selection: rooms wait for an explicit take). */
async function availableAdminWithRouting(server: StartedServer, routing: 'Manual_Selection' | 'Auto_Selection') {
	const admin = await login(TEST_ADMIN, TEST_ADMIN, server);
	const client = supertest(server.url);
	await client.post(api('livechat/users/agent')).set(admin).send({ username: TEST_ADMIN }).expect(200);
	await client.post(api('users.setStatus')).set(admin).send({ status: 'online' }).expect(200);
	await client.post(api('livechat/agent.status')).set(admin).send({ status: 'available' }).expect(200);
	await client.post(api('settings/Livechat_Routing_Method')).set(admin).send({ value: routing }).expect(200);
	return { client, admin };
}

/**
 * Registers one visitor per token, then sends every room request at once and
 * kills the server as soon as the first is answered, with the rest in flight.
 * Returns token → room id of the acknowledged requests.
 */
async function requestRoomsThenKill(server: StartedServer, client: ReturnType<typeof supertest>, tokens: string[]): Promise<Map<string, string>> {
	for (const token of tokens) {
		await client.post(api('livechat/visitor')).send({ visitor: { token, name: `Crash ${token}`, email: `${token}@crash.example` } }).expect(200);
	}
	const acknowledged = new Map<string, string>();
	let firstAnswer: () => void = () => undefined;
	const answered = new Promise<void>((resolve) => {
		firstAnswer = resolve;
	});
	const requests = tokens.map(async (token) => {
		try {
			const res = await client.get(api('livechat/room')).query({ token });
			if (res.status === 200) {
				acknowledged.set(token, res.body.room._id);
				firstAnswer();
			}
		} catch {
			// Cut off by the kill.
		}
	});
	await answered;
	await server.kill('SIGKILL');
	await Promise.all(requests);
	expect(acknowledged.size, 'rooms acknowledged before the kill').to.be.greaterThan(0);
	return acknowledged;
}

const VISITORS = 12;
/** The kill lands once this many flows have completed (waiting for work, not for a fixed time, so a busy machine cannot starve it). */
const COMPLETED_BEFORE_KILL = 6;
const MAX_LOAD_MS = 90_000;

describe('[Crash safety] livechat: SIGKILL during room creation, take and close', function () {
	this.timeout(180_000);

	const servers = useRestartableServer();

	it('after a restart every acknowledged step is there and every room is consistent with its inquiry, subscription and contact', async () => {
		let server = await servers.start();
		let { client, admin } = await availableAdminWithRouting(server, 'Manual_Selection');

		const acknowledged: { token: string; rid?: string; taken?: boolean; closed?: boolean }[] = [];
		let killed = false;
		let n = 0;
		const flow = async (id: number) => {
			while (!killed) {
				const entry: (typeof acknowledged)[number] = { token: `crash-${id}-${n++}` };
				try {
					await client.post(api('livechat/visitor')).send({ visitor: { token: entry.token, name: entry.token } }).expect(200);
					acknowledged.push(entry);
					entry.rid = (await client.get(api('livechat/room')).query({ token: entry.token }).expect(200)).body.room._id;
					const inquiry = (await client.get(api('livechat/inquiries.getOne')).set(admin).query({ roomId: entry.rid }).expect(200)).body.inquiry;
					await client.post(api('livechat/inquiries.take')).set(admin).send({ inquiryId: inquiry._id }).expect(200);
					entry.taken = true;
					await client.post(api('livechat/room.closeByUser')).set(admin).send({ rid: entry.rid, comment: 'done' }).expect(200);
					entry.closed = true;
				} catch {
					// Cut off by the kill: the last step of this flow was not acknowledged.
				}
			}
		};
		const flows = Array.from({ length: VISITORS }, (_, id) => flow(id));
		const loadDeadline = Date.now() + MAX_LOAD_MS;
		while (acknowledged.filter((entry) => entry.closed).length < COMPLETED_BEFORE_KILL && Date.now() < loadDeadline) {
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		await server.kill('SIGKILL');
		killed = true;
		await Promise.all(flows);
		expect(acknowledged.filter((entry) => entry.closed).length, 'flows completed before the kill').to.be.at.least(COMPLETED_BEFORE_KILL);

		server = await servers.start();
		expect(server.output()).not.to.match(/Startup failed/i);
		client = supertest(server.url);
		admin = await login(TEST_ADMIN, TEST_ADMIN, server);

		for (const entry of acknowledged) {
			const visitor = await client.get(api(`livechat/visitor/${entry.token}`)).expect(200);
			expect(visitor.body.visitor.token).to.equal(entry.token);
			if (!entry.rid) {
				continue;
			}
			const room = (await client.get(api('channels.info')).set(admin).query({ roomId: entry.rid }).expect(200)).body.channel;
			const inquiry = (await client.get(api('livechat/inquiries.getOne')).set(admin).query({ roomId: entry.rid }).expect(200)).body.inquiry;
			const subscription = (await client.get(api('subscriptions.getOne')).set(admin).query({ roomId: entry.rid }).expect(200)).body.subscription;
			const contact = (await client.get(api('omnichannel/contacts.get')).set(admin).query({ contactId: room.contactId }).expect(200)).body.contact;
			expect(contact.channels.map((c: { visitor: { visitorId: string } }) => c.visitor.visitorId)).to.include(room.v._id);
			if (entry.closed || !room.open) {
				// Closed: no inquiry, no subscription, a closing message.
				expect(room.closedAt, entry.rid).to.be.a('string');
				expect(inquiry).to.equal(null);
				expect(subscription).to.equal(null);
				expect(room.lastMessage.t).to.equal('livechat-close');
			} else if (entry.taken || room.servedBy) {
				// Taken: all three of servedBy, a taken inquiry and the agent's subscription, or none of them.
				expect(room.servedBy._id).to.equal(TEST_ADMIN);
				expect(inquiry.status).to.equal('taken');
				expect(subscription.rid).to.equal(entry.rid);
			} else {
				expect(inquiry.status).to.equal('queued');
				expect(subscription).to.equal(null);
			}
		}
		// The restarted server keeps serving the flow.
		await client.post(api('livechat/visitor')).send({ visitor: { token: 'after-restart' } }).expect(200);
		await client.get(api('livechat/room')).query({ token: 'after-restart' }).expect(200);
	});
});

describe('[Crash safety] livechat: SIGKILL in the middle of room creation', function () {
	this.timeout(180_000);

	const ROOM_REQUESTS = 40;
	const servers = useRestartableServer();

	it('after a restart each requested room has its room, inquiry, contact channel and lastChat, or none of them', async () => {
		let server = await servers.start();
		let { client, admin } = await availableAdminWithRouting(server, 'Manual_Selection');

		const tokens = Array.from({ length: ROOM_REQUESTS }, (_, i) => `room-crash-${i}`);
		const acknowledged = await requestRoomsThenKill(server, client, tokens);

		server = await servers.start();
		client = supertest(server.url);
		admin = await login(TEST_ADMIN, TEST_ADMIN, server);
		const queued = (await client.get(api('livechat/inquiries.queuedForUser')).set(admin).query({ count: 1000 }).expect(200)).body.inquiries;

		let complete = 0;
		for (const token of tokens) {
			const visitor = (await client.get(api(`livechat/visitor/${token}`)).expect(200)).body.visitor;
			const queuedForVisitor = queued.filter((inquiry: { v: { token: string } }) => inquiry.v.token === token);
			const contacts = await client.get(api('omnichannel/contacts.search')).set(admin).query({ searchText: `${token}@crash.example`, unknown: true }).expect(200);
			const rid = visitor.lastChat?._id;
			if (!rid) {
				// None: no room (a new request creates one), no inquiry, no contact.
				expect(acknowledged.has(token), `${token} was acknowledged`).to.equal(false);
				expect(queuedForVisitor, token).to.deep.equal([]);
				expect(contacts.body.total, token).to.equal(0);
				const fresh = await client.get(api('livechat/room')).query({ token }).expect(200);
				expect(fresh.body.newRoom, token).to.equal(true);
				continue;
			}
			// All: the room, its queued inquiry, the contact with this channel, and lastChat everywhere.
			complete++;
			if (acknowledged.has(token)) {
				expect(rid).to.equal(acknowledged.get(token));
			}
			const room = (await client.get(api('channels.info')).set(admin).query({ roomId: rid }).expect(200)).body.channel;
			expect(room).to.include({ open: true, t: 'l' });
			expect(room.v.token).to.equal(token);
			expect(queuedForVisitor.map((inquiry: { rid: string }) => inquiry.rid), token).to.deep.equal([rid]);
			expect(contacts.body.total, token).to.equal(1);
			const contact = (await client.get(api('omnichannel/contacts.get')).set(admin).query({ contactId: room.contactId }).expect(200)).body.contact;
			expect(contact.lastChat._id).to.equal(rid);
			const channel = contact.channels.find((c: { visitor: { visitorId: string } }) => c.visitor.visitorId === visitor._id);
			expect(channel.lastChat._id, token).to.equal(rid);
			const again = await client.get(api('livechat/room')).query({ token }).expect(200);
			expect(again.body).to.include({ newRoom: false });
			expect(again.body.room._id).to.equal(rid);
		}
		expect(complete).to.be.at.least(acknowledged.size);
	});
});

describe('[Crash safety] livechat: SIGKILL in the middle of Auto_Selection room creation', function () {
	this.timeout(180_000);

	const ROOM_REQUESTS = 40;
	const servers = useRestartableServer();

	it('after a restart every acknowledged room is served (taken inquiry, subscription, servedBy); no room is half-assigned', async () => {
		let server = await servers.start();
		let { client, admin } = await availableAdminWithRouting(server, 'Auto_Selection');

		const tokens = Array.from({ length: ROOM_REQUESTS }, (_, i) => `auto-crash-${i}`);
		const acknowledged = await requestRoomsThenKill(server, client, tokens);

		server = await servers.start();
		expect(server.output()).not.to.match(/Startup failed/i);
		client = supertest(server.url);
		admin = await login(TEST_ADMIN, TEST_ADMIN, server);

		let served = 0;
		for (const token of tokens) {
			const visitor = (await client.get(api(`livechat/visitor/${token}`)).expect(200)).body.visitor;
			const rid = visitor.lastChat?._id;
			if (!rid) {
				expect(acknowledged.has(token), `${token} was acknowledged`).to.equal(false);
				const fresh = await client.get(api('livechat/room')).query({ token }).expect(200);
				expect(fresh.body.newRoom, token).to.equal(true);
				continue;
			}
			const room = (await client.get(api('channels.info')).set(admin).query({ roomId: rid }).expect(200)).body.channel;
			const inquiry = (await client.get(api('livechat/inquiries.getOne')).set(admin).query({ roomId: rid }).expect(200)).body.inquiry;
			const subscription = (await client.get(api('subscriptions.getOne')).set(admin).query({ roomId: rid }).expect(200)).body.subscription;
			const contact = (await client.get(api('omnichannel/contacts.get')).set(admin).query({ contactId: room.contactId }).expect(200)).body.contact;
			expect(room).to.include({ open: true, t: 'l' });
			expect(contact.lastChat._id, token).to.equal(rid);
			expect(contact.channels.find((c: { visitor: { visitorId: string } }) => c.visitor.visitorId === visitor._id).lastChat._id, token).to.equal(rid);
			if (acknowledged.has(token)) {
				expect(rid).to.equal(acknowledged.get(token));
				expect(room.servedBy?._id, `${token} acknowledged as served`).to.equal(TEST_ADMIN);
			}
			if (room.servedBy) {
				// The assignment's writes all landed: taken inquiry, the agent's subscription, the join messages.
				served++;
				expect(inquiry.status, token).to.equal('taken');
				expect(subscription?.rid, token).to.equal(rid);
			} else {
				// Cut off between creation and assignment: a consistent unassigned room, as Rocket.Chat CE leaves one with nobody to route to.
				expect(inquiry.status, token).to.equal('ready');
				expect(subscription, token).to.equal(null);
			}
		}
		expect(served).to.be.at.least(acknowledged.size);
	});
});
