import { randomBytes } from 'node:crypto';

import { expect } from 'chai';

import { api, createUser, credentials, request, type Credentials, type TestUser } from '../../data/api-data';

const CREATE_PERMISSION = 'create-livechat-contact';

function createContact(auth: Credentials, body: Record<string, unknown>) {
	return request.post(api('omnichannel/contacts')).set(auth).send({ emails: [], phones: [], ...body });
}

async function searchTotal(searchText?: string): Promise<number> {
	const res = await request
		.get(api('omnichannel/contacts.search'))
		.set(credentials)
		.query({ count: 1, ...(searchText && { searchText }) })
		.expect(200);
	return res.body.total;
}

async function permissionRoles(_id: string): Promise<string[]> {
	const res = await request.get(api('permissions.listAll')).set(credentials).expect(200);
	return res.body.update.find((permission: { _id: string }) => permission._id === _id).roles;
}

async function setPermissionRoles(_id: string, roles: string[]): Promise<void> {
	await request.post(api('permissions.update')).set(credentials).send({ permissions: [{ _id, roles }] }).expect(200);
}

describe('[Concurrency] contacts under parallel requests', function () {
	this.timeout(120_000);

	it('200 concurrent creates give 200 distinct contacts and total grows by exactly 200', async () => {
		const marker = `conc-${randomBytes(4).toString('hex')}`;
		const totalBefore = await searchTotal();
		const responses = await Promise.all(
			Array.from({ length: 200 }, (_, i) => createContact(credentials, { name: `${marker} ${i}`, emails: [`${marker}.${i}@example.com`] })),
		);
		expect(responses.map((res) => res.status)).to.deep.equal(Array(200).fill(200));
		const ids = new Set(responses.map((res) => res.body.contactId));
		expect(ids.size).to.equal(200);
		expect(await searchTotal()).to.equal(totalBefore + 200);
		expect(await searchTotal(marker)).to.equal(200);
	});

	it('concurrent updates of one contact touching different fields never lose an untouched field', async () => {
		const manager = await createUser({ roles: ['user', 'livechat-agent'] });
		const { contactId } = (
			await createContact(credentials, { name: 'Original', emails: ['orig@example.com'], phones: ['+1 555 0000'], contactManager: manager._id }).expect(200)
		).body;

		const sent = { names: new Set(['Original']), emails: new Set(['orig@example.com']), phones: new Set(['+1 555 0000']) };
		const updates = Array.from({ length: 60 }, (_, i) => {
			switch (i % 3) {
				case 0:
					sent.names.add(`Name ${i}`);
					return { contactId, name: `Name ${i}` };
				case 1:
					sent.emails.add(`e${i}@example.com`);
					return { contactId, emails: [`e${i}@example.com`] };
				default:
					sent.phones.add(`+1 555 ${String(i).padStart(4, '0')}`);
					return { contactId, phones: [`+1 555 ${String(i).padStart(4, '0')}`] };
			}
		});
		const reads: Array<Promise<{ body: { contact: Record<string, any> } }>> = [];
		const responses = await Promise.all(
			updates.map((body, i) => {
				if (i % 10 === 0) {
					reads.push(request.get(api('omnichannel/contacts.get')).set(credentials).query({ contactId }).expect(200));
				}
				return request.post(api('omnichannel/contacts.update')).set(credentials).send(body);
			}),
		);
		expect(responses.map((res) => res.status)).to.deep.equal(Array(60).fill(200));

		const final = (await request.get(api('omnichannel/contacts.get')).set(credentials).query({ contactId }).expect(200)).body.contact;
		for (const contact of [...(await Promise.all(reads)).map((res) => res.body.contact), final]) {
			expect(sent.names.has(contact.name), contact.name).to.equal(true);
			expect(contact.emails).to.have.length(1);
			expect(sent.emails.has(contact.emails[0].address)).to.equal(true);
			expect(contact.phones).to.have.length(1);
			expect(sent.phones.has(contact.phones[0].phoneNumber)).to.equal(true);
			expect(contact.contactManager).to.equal(manager._id);
			expect(contact.customFields).to.deep.equal({});
			expect(contact.unknown).to.equal(false);
		}
	});

	describe('a permission revoked under load', () => {
		let staff: TestUser;
		let originalRoles: string[];

		before(async () => {
			staff = await createUser({ roles: ['user', 'livechat-manager'] });
			// CE has no livechat-monitor role, so permissions.update cannot name it: restore the rest.
			originalRoles = (await permissionRoles(CREATE_PERMISSION)).filter((role) => role !== 'livechat-monitor');
		});

		after(() => setPermissionRoles(CREATE_PERMISSION, originalRoles));

		it('is enforced from the next request on', async () => {
			const outcomes: Array<{ sentAt: number; status: number }> = [];
			let revokedAt = Infinity;
			let stop = false;
			const worker = async () => {
				while (!stop) {
					const sentAt = performance.now();
					const res = await createContact(staff.credentials, { name: `load ${outcomes.length}` });
					outcomes.push({ sentAt, status: res.status });
				}
			};
			const workers = Array.from({ length: 8 }, worker);

			while (outcomes.filter((outcome) => outcome.status === 200).length < 40) {
				await new Promise((resolve) => setTimeout(resolve, 5));
			}
			await setPermissionRoles(CREATE_PERMISSION, ['admin']);
			revokedAt = performance.now();
			while (outcomes.filter((outcome) => outcome.sentAt > revokedAt).length < 40) {
				await new Promise((resolve) => setTimeout(resolve, 5));
			}
			stop = true;
			await Promise.all(workers);

			const afterRevoke = outcomes.filter((outcome) => outcome.sentAt > revokedAt);
			expect(afterRevoke.length).to.be.at.least(40);
			expect(afterRevoke.map((outcome) => outcome.status)).to.deep.equal(Array(afterRevoke.length).fill(403));
			expect(outcomes.filter((outcome) => outcome.sentAt < revokedAt).every((outcome) => outcome.status === 200 || outcome.status === 403)).to.equal(true);
		});
	});
});
