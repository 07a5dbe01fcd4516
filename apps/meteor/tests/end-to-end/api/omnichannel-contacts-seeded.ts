import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import type { ILivechatContact, ILivechatContactChannel, IOmnichannelRoom } from '@rocket.chat/core-typings';
import { connectDatabase } from '@omni/database';
import { createModels } from '@omni/models';
import { expect } from 'chai';
import supertest from 'supertest';

import { api, type Credentials, login, type StartedServer, startServer, TEST_ADMIN } from '../../data/api-data';

/*
 * Channels, conflicts, unknown contacts and closed rooms come from the
 * visitor/room subsystem, which has no endpoint here. So this suite writes
 * them into a data directory through the models first, then starts a
 * dedicated server on that directory and checks the endpoints over HTTP.
 */

function channel(name: string, visitorId: string, lastChatTs?: string): ILivechatContactChannel {
	return {
		name,
		visitor: { visitorId, source: { type: name as never } },
		blocked: false,
		verified: false,
		details: { type: name as never },
		...(lastChatTs && { lastChat: { _id: `room-${visitorId}`, ts: new Date(lastChatTs) } }),
	};
}

const baseContact = { channels: [], customFields: {}, unknown: false, createdAt: new Date('2024-01-01T00:00:00Z') };

async function seed(dataDir: string): Promise<Record<string, string>> {
	const db = await connectDatabase({ dataDir });
	const models = createModels(db);
	const insertContact = async (fields: Partial<ILivechatContact>) =>
		models.LivechatContacts.insertContact({ ...baseContact, name: 'seeded', ...fields });
	const insertRoom = async (fields: Partial<IOmnichannelRoom>) =>
		(
			await models.Rooms.insertOne({
				t: 'l',
				ts: new Date('2024-01-01T00:00:00Z'),
				msgs: 3,
				v: { _id: 'visitor-1', username: 'guest-1', token: 'visitor-token' },
				source: { type: 'widget' },
				departmentId: 'dept',
				...fields,
			} as IOmnichannelRoom)
		).insertedId;

	try {
		const withChannels = await insertContact({
			name: 'Seeded Channels',
			channels: [
				channel('widget', 'v1', '2024-01-01T00:00:00Z'),
				channel('sms', 'v2'),
				channel('widget', 'v3', '2024-03-01T00:00:00Z'),
				channel('sms', 'v4', '2024-02-01T00:00:00Z'),
			],
			lastChat: { _id: 'room-v3', ts: new Date('2024-03-01T00:00:00Z') },
		});
		const withConflicts = await insertContact({
			name: 'Seeded Conflicts',
			customFields: { city: 'SP', cpf: '1' },
			conflictingFields: [
				{ field: 'name', value: 'Other Name' },
				{ field: 'manager', value: 'someone' },
				{ field: 'customFields.city', value: 'Rio' },
				{ field: 'customFields.cpf', value: '2' },
			],
		});
		const toWipe = await insertContact({
			name: 'Seeded Wipe',
			conflictingFields: [
				{ field: 'name', value: 'A' },
				{ field: 'customFields.x', value: 'B' },
				{ field: 'customFields.y', value: 'C' },
			],
		});
		const unknownContact = await insertContact({ name: 'Seeded Unknown Visitor', unknown: true });
		const withHistory = await insertContact({ name: 'Seeded History' });
		const rooms: string[] = [];
		for (const day of ['01', '03', '02']) {
			rooms.push(
				await insertRoom({
					contactId: withHistory,
					fname: 'Seeded History',
					closedAt: new Date(`2024-05-${day}T00:00:00Z`),
					closer: 'user',
					closedBy: { _id: 'agent', username: 'agent' } as IOmnichannelRoom['closedBy'],
					tags: ['vip'],
					servedBy: { _id: 'agent', username: 'agent', ts: new Date('2024-05-01T00:00:00Z') },
				}),
			);
		}
		const openRoom = await insertRoom({ contactId: withHistory, fname: 'Seeded History' });
		await insertRoom({ contactId: withChannels, closedAt: new Date() });
		return { withChannels, withConflicts, toWipe, unknownContact, withHistory, openRoom, newest: rooms[1], middle: rooms[2], oldest: rooms[0] };
	} finally {
		await db.close();
	}
}

describe('[Omnichannel contacts] on a community-mode server seeded with channels, conflicts and closed rooms', function () {
	this.timeout(60_000);

	let dataDir: string;
	let server: StartedServer;
	let admin: Credentials;
	let ids: Record<string, string>;
	let request: ReturnType<typeof supertest>;

	before(async () => {
		dataDir = await mkdtemp(path.join(os.tmpdir(), 'omni-contacts-seeded-'));
		ids = await seed(dataDir);
		// Community mode (ENTERPRISE=false): these are Rocket.Chat CE's answers; omnichannel-contacts-ee.ts covers Enterprise.
		server = await startServer({ DATA_DIR: dataDir, ENTERPRISE: 'false' });
		request = supertest(server.url);
		admin = await login(TEST_ADMIN, TEST_ADMIN, server);
	});

	after(async () => {
		await server?.stop();
		await rm(dataDir, { recursive: true, force: true });
	});

	async function resolvedConflictsCount(): Promise<number> {
		const res = await request.get(api('settings/Resolved_Conflicts_Count')).set(admin);
		expect(res.status).to.equal(200);
		return res.body.value;
	}

	describe('GET omnichannel/contacts.channels', () => {
		it('groups the channels by name, keeping the one with the latest chat', async () => {
			const res = await request.get(api('omnichannel/contacts.channels')).set(admin).query({ contactId: ids.withChannels });

			expect(res.status).to.equal(200);
			expect(res.body).to.deep.equal({
				channels: [
					{ ...channel('widget', 'v3'), lastChat: { _id: 'room-v3', ts: '2024-03-01T00:00:00.000Z' } },
					{ ...channel('sms', 'v4'), lastChat: { _id: 'room-v4', ts: '2024-02-01T00:00:00.000Z' } },
				],
				success: true,
			});
		});

		it('contacts.get shows the stored channels and lastChat', async () => {
			const res = await request.get(api('omnichannel/contacts.get')).set(admin).query({ contactId: ids.withChannels });

			expect(res.body.contact.channels).to.have.length(4);
			expect(res.body.contact.lastChat).to.deep.equal({ _id: 'room-v3', ts: '2024-03-01T00:00:00.000Z' });
		});
	});

	describe('GET omnichannel/contacts.history', () => {
		it('lists closed rooms only, most recently closed first, projected to the history fields', async () => {
			const res = await request.get(api('omnichannel/contacts.history')).set(admin).query({ contactId: ids.withHistory });

			expect(res.status).to.equal(200);
			expect(res.body.history.map((room: { _id: string }) => room._id)).to.deep.equal([ids.newest, ids.middle, ids.oldest]);
			expect(res.body).to.include({ count: 3, offset: 0, total: 3, success: true });
			expect(res.body.history[0]).to.have.all.keys('_id', 'fname', 'ts', 'v', 'msgs', 'servedBy', 'closedAt', 'closedBy', 'closer', 'tags', 'source');
			expect(res.body.history[0]).to.deep.include({ fname: 'Seeded History', closedAt: '2024-05-03T00:00:00.000Z', source: { type: 'widget' } });
		});

		it('paginates with count and offset (count is the number returned) and honours sort', async () => {
			const res = await request.get(api('omnichannel/contacts.history')).set(admin).query({ contactId: ids.withHistory, count: 2, offset: 1, sort: '{"closedAt":1}' });

			expect(res.body.history.map((room: { _id: string }) => room._id)).to.deep.equal([ids.middle, ids.newest]);
			expect(res.body).to.include({ count: 2, offset: 1, total: 3 });
		});

		it('ignores source in CE', async () => {
			const res = await request.get(api('omnichannel/contacts.history')).set(admin).query({ contactId: ids.withHistory, source: 'sms' });

			expect(res.body.total).to.equal(3);
		});
	});

	describe('POST omnichannel/contacts.conflicts', () => {
		it('drops the conflicts of the sent fields, keeps the others and merges custom fields', async () => {
			const before = await resolvedConflictsCount();

			const res = await request
				.post(api('omnichannel/contacts.conflicts'))
				.set(admin)
				.send({ contactId: ids.withConflicts, name: 'Other Name', customFields: { city: 'Rio' } });

			expect(res.status, JSON.stringify(res.body)).to.equal(200);
			expect(res.body.result).to.deep.include({
				name: 'Other Name',
				customFields: { city: 'Rio', cpf: '1' },
				conflictingFields: [
					{ field: 'manager', value: 'someone' },
					{ field: 'customFields.cpf', value: '2' },
				],
			});
			expect(await resolvedConflictsCount()).to.equal(before);
		});

		it('with wipeConflicts clears them all and adds them to Resolved_Conflicts_Count', async () => {
			const before = await resolvedConflictsCount();

			const res = await request.post(api('omnichannel/contacts.conflicts')).set(admin).send({ contactId: ids.toWipe, wipeConflicts: true });

			expect(res.body.result.conflictingFields).to.deep.equal([]);
			expect(await resolvedConflictsCount()).to.equal(before + 3);
		});
	});

	describe('POST omnichannel/contacts.update', () => {
		it('wipeConflicts clears the remaining conflicts and counts them', async () => {
			const before = await resolvedConflictsCount();

			const res = await request.post(api('omnichannel/contacts.update')).set(admin).send({ contactId: ids.withConflicts, wipeConflicts: true });

			expect(res.body.contact.conflictingFields).to.deep.equal([]);
			expect(await resolvedConflictsCount()).to.equal(before + 2);
		});

		it('copies a new name to the contact\'s rooms', async () => {
			await request.post(api('omnichannel/contacts.update')).set(admin).send({ contactId: ids.withHistory, name: 'Renamed History' });

			const res = await request.get(api('omnichannel/contacts.history')).set(admin).query({ contactId: ids.withHistory });
			expect(res.body.history.map((room: { fname: string }) => room.fname)).to.deep.equal(['Renamed History', 'Renamed History', 'Renamed History']);
		});
	});

	describe('unknown contacts', () => {
		it('are searched only with unknown=true, until an update makes them known', async () => {
			const search = (query: Record<string, string>) => request.get(api('omnichannel/contacts.search')).set(admin).query({ searchText: 'unknown visitor', ...query });

			expect((await search({})).body.total).to.equal(0);
			expect((await search({ unknown: 'true' })).body.contacts.map((c: { _id: string }) => c._id)).to.deep.equal([ids.unknownContact]);

			const updated = await request.post(api('omnichannel/contacts.update')).set(admin).send({ contactId: ids.unknownContact });
			expect(updated.body.contact.unknown).to.equal(false);

			expect((await search({})).body.contacts.map((c: { _id: string }) => c._id)).to.deep.equal([ids.unknownContact]);
			expect((await search({ unknown: 'true' })).body.total).to.equal(0);
		});
	});
});
