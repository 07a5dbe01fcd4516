import { expect } from 'chai';
import supertest from 'supertest';

import { api, login, TEST_ADMIN, type Credentials, useRestartableServer } from '../../data/api-data';

const WRITERS = 8;
const LOAD_MS = 1500;

interface Acknowledged {
	contactId: string;
	name: string;
	email: string;
	phone: string;
}

describe('[Crash safety] SIGKILL under concurrent write load', function () {
	this.timeout(120_000);

	const servers = useRestartableServer();

	it('keeps every contact whose create was answered 200, intact, and restarts cleanly on the same data dir', async function () {
		let server = await servers.start();
		const admin: Credentials = await login(TEST_ADMIN, TEST_ADMIN, server);
		const client = supertest(server.url);
		const idempotentBody = { name: 'Idempotent before crash', emails: [], phones: [] };
		const idempotent = await client.post(api('omnichannel/contacts')).set(admin).set('Idempotency-Key', 'crash-key').send(idempotentBody).expect(200);

		const acknowledged: Acknowledged[] = [];
		let failedInFlight = 0;
		let killed = false;
		let sequence = 0;
		const writer = async (id: number) => {
			while (!killed) {
				const n = sequence++;
				const contact = { name: `Crash ${id}-${n}`, email: `crash.${id}.${n}@example.com`, phone: `+1 555 ${id}${String(n).padStart(5, '0')}` };
				try {
					const res = await client.post(api('omnichannel/contacts')).set(admin).send({ name: contact.name, emails: [contact.email], phones: [contact.phone] });
					if (res.status === 200) {
						acknowledged.push({ contactId: res.body.contactId, ...contact });
					}
				} catch {
					// The connection died with the server: the client never got an answer, so nothing was promised.
					failedInFlight++;
				}
			}
		};
		const writers = Array.from({ length: WRITERS }, (_, id) => writer(id));
		await new Promise((resolve) => setTimeout(resolve, LOAD_MS));
		await server.kill('SIGKILL');
		killed = true;
		await Promise.all(writers);
		expect(acknowledged.length, 'creates acknowledged before the kill').to.be.greaterThan(50);
		this.test!.title += ` (${acknowledged.length} acknowledged, ${failedInFlight} cut off)`;

		server = await servers.start();
		expect(server.output()).not.to.match(/error|Startup failed/i);
		const restarted = supertest(server.url);
		const auth = await login(TEST_ADMIN, TEST_ADMIN, server);

		const missing: string[] = [];
		for (let start = 0; start < acknowledged.length; start += 25) {
			const batch = acknowledged.slice(start, start + 25);
			const answers = await Promise.all(batch.map((contact) => restarted.get(api('omnichannel/contacts.get')).set(auth).query({ contactId: contact.contactId })));
			answers.forEach((res, i) => {
				const contact = batch[i];
				if (res.status !== 200) {
					missing.push(contact.contactId);
					return;
				}
				expect(res.body.contact).to.deep.include({ _id: contact.contactId, name: contact.name, unknown: false, preRegistration: true });
				expect(res.body.contact.emails).to.deep.equal([{ address: contact.email }]);
				expect(res.body.contact.phones).to.deep.equal([{ phoneNumber: contact.phone }]);
			});
		}
		expect(missing, `${missing.length} of ${acknowledged.length} acknowledged contacts lost`).to.deep.equal([]);

		const search = await restarted.get(api('omnichannel/contacts.search')).set(auth).query({ searchText: 'Crash ', count: 1 }).expect(200);
		// Requests cut off by the kill may or may not have been written: never fewer than acknowledged, never more than sent.
		expect(search.body.total).to.be.within(acknowledged.length, acknowledged.length + failedInFlight);

		await restarted.post(api('omnichannel/contacts')).set(auth).send({ name: 'After restart', emails: [], phones: [] }).expect(200);

		// Idempotency keys live in the store too: a retry after the restart replays the first answer.
		const replay = await restarted.post(api('omnichannel/contacts')).set(auth).set('Idempotency-Key', 'crash-key').send(idempotentBody).expect(200);
		expect(replay.body).to.deep.equal(idempotent.body);
		expect(replay.headers['idempotent-replayed']).to.equal('true');
	});
});
