import { rm } from 'node:fs/promises';

import { expect } from 'chai';
import supertest from 'supertest';

import { api, login, startServer, TEST_ADMIN, type Credentials, type StartedServer } from '../../data/api-data';

const VISITORS = 12;
const LOAD_MS = 2000;

describe('[Crash safety] livechat: SIGKILL during room creation, take and close', function () {
	this.timeout(180_000);

	let server: StartedServer | undefined;
	let dataDir: string;

	after(async () => {
		await server?.stop();
		if (dataDir) {
			await rm(dataDir, { recursive: true, force: true });
		}
	});

	it('after a restart every acknowledged step is there and every room is consistent with its inquiry, subscription and contact', async () => {
		server = await startServer();
		dataDir = server.dataDir;
		let admin: Credentials = await login(TEST_ADMIN, TEST_ADMIN, server);
		let client = supertest(server.url);
		await client.post(api('livechat/users/agent')).set(admin).send({ username: TEST_ADMIN }).expect(200);
		await client.post(api('users.setStatus')).set(admin).send({ status: 'online' }).expect(200);
		await client.post(api('livechat/agent.status')).set(admin).send({ status: 'available' }).expect(200);
		await client.post(api('settings/Livechat_Routing_Method')).set(admin).send({ value: 'Manual_Selection' }).expect(200);

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
		await new Promise((resolve) => setTimeout(resolve, LOAD_MS));
		await server.kill('SIGKILL');
		killed = true;
		await Promise.all(flows);
		expect(acknowledged.filter((entry) => entry.closed).length, 'flows completed before the kill').to.be.greaterThan(5);

		server = await startServer({ DATA_DIR: dataDir });
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
