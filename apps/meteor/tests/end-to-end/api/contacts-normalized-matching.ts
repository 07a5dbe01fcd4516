import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { connectDatabase } from '@omni/database';
import { expect } from 'chai';
import supertest from 'supertest';

import { api, login, request, startServer, TEST_ADMIN } from '../../data/api-data';
import { checkExistence, createContact, expectFailure, getContact, searchContacts, uniqueToken } from '../../data/contacts';
import { withSettings } from '../../data/livechat';

/*
 * Beyond Rocket.Chat, item 1: normalized matching keys. Rocket.Chat's answers
 * stay exact; `match=normalized` asks for normalized matching.
 */

describe('[Contacts data quality] normalized matching', () => {
	let token: string;
	let contactId: string;

	before(async () => {
		token = uniqueToken();
		contactId = await createContact({
			name: `Jane ${token}`,
			emails: [`jane.${token}@example.com`],
			phones: ['+15551234567'],
		});
	});

	describe('GET omnichannel/contacts.checkExistence', () => {
		it('finds a differently written email or phone with match=normalized', async () => {
			for (const query of [{ email: `Jane.${token}@Example.COM` }, { email: `  jane.${token}@example.com` }, { phone: '+1 (555) 123-4567' }] as Record<string, string>[]) {
				const res = await checkExistence({ ...query, match: 'normalized' });
				expect(res.status, JSON.stringify(query)).to.equal(200);
				expect(res.body).to.deep.equal({ exists: true, success: true });
			}
		});

		it('still answers exactly as Rocket.Chat without the parameter or with match=exact', async () => {
			for (const query of [{ email: `Jane.${token}@Example.COM` }, { email: `Jane.${token}@Example.COM`, match: 'exact' }, { phone: '+1 (555) 123-4567' }] as Record<string, string>[]) {
				expect((await checkExistence(query)).body).to.deep.equal({ exists: false, success: true });
			}
			expect((await checkExistence({ email: `jane.${token}@example.com` })).body).to.deep.equal({ exists: true, success: true });
		});

		it('does not find an email or phone that only looks alike', async () => {
			for (const query of [{ email: `jane.${token}@example.co` }, { phone: '+1 (555) 123-4568' }] as Record<string, string>[]) {
				expect((await checkExistence({ ...query, match: 'normalized' })).body).to.deep.equal({ exists: false, success: true });
			}
		});

		it('refuses an unknown match mode, keeping Rocket.Chat\'s messages for everything else', async () => {
			expectFailure(await checkExistence({ email: `jane.${token}@example.com`, match: 'fuzzy' }), 400, {
				success: false,
				error:
					"must have required property 'contactId'\n must be equal to one of the allowed values\n must have required property 'phone'\n must match exactly one schema in oneOf [invalid-params]",
				errorType: 'invalid-params',
			});
			expectFailure(await checkExistence({ match: 'normalized' }), 400, {
				success: false,
				error:
					"must have required property 'contactId'\n must have required property 'email'\n must have required property 'phone'\n must match exactly one schema in oneOf [invalid-params]",
				errorType: 'invalid-params',
			});
		});

		it('answers 400 error-normalized-matching-disabled while the setting is off', async () => {
			await withSettings({ Omnichannel_Contact_Match_Normalized: false }, async () => {
				expectFailure(await checkExistence({ email: `jane.${token}@example.com`, match: 'normalized' }), 400, {
					success: false,
					error: 'Normalized matching is turned off (setting Omnichannel_Contact_Match_Normalized) [error-normalized-matching-disabled]',
					errorType: 'error-normalized-matching-disabled',
				});
				expect((await checkExistence({ email: `jane.${token}@example.com` })).body).to.deep.equal({ exists: true, success: true });
			});
		});
	});

	describe('GET omnichannel/contacts.search', () => {
		it('finds a contact by its phone written differently with match=normalized, counting it in total', async () => {
			const res = await searchContacts({ searchText: '+1 (555) 123-4567', match: 'normalized', count: 100 });
			expect(res.status).to.equal(200);
			expect(res.body.contacts.map(({ _id }: { _id: string }) => _id)).to.include(contactId);
			expect(res.body.total).to.equal(res.body.contacts.length);
		});

		it('finds an IDN email by its punycode spelling', async () => {
			const idn = await createContact({ name: `Idn ${token}`, emails: [`ann.${token}@Bücher.de`] });
			const res = await searchContacts({ searchText: `ann.${token}@xn--bcher-kva.de`, match: 'normalized' });
			expect(res.body.contacts.map(({ _id }: { _id: string }) => _id)).to.deep.equal([idn]);
		});

		it('answers as Rocket.Chat (substring only) without the parameter', async () => {
			const res = await searchContacts({ searchText: '+1 (555) 123-4567', count: 100 });
			expect(res.body.contacts.map(({ _id }: { _id: string }) => _id)).to.not.include(contactId);
		});

		it('never shows the normalized keys or the version in a returned contact', async () => {
			const found = await searchContacts({ searchText: token, match: 'normalized' });
			const got = await getContact(contactId);
			for (const contact of [...found.body.contacts, got.body.contact]) {
				expect(contact).to.not.have.any.keys('_matchKeys', '_version');
			}
			expect(got.body.contact).to.have.all.keys('_id', 'name', 'emails', 'phones', 'channels', 'customFields', 'unknown', 'preRegistration', 'createdAt', '_updatedAt');
		});
	});

	describe('background backfill of contacts stored before the keys existed', () => {
		it('gives every existing contact its keys at startup, logging progress, then matches them', async function () {
			this.timeout(120_000);
			const dataDir = await mkdtemp(path.join(os.tmpdir(), 'omni-backfill-'));
			try {
				const db = await connectDatabase({ dataDir });
				await db.collection<{ _id: string }>('rocketchat_livechat_contact').insertMany(
					Array.from({ length: 2500 }, (_, i) => ({
						_id: `legacy${String(i).padStart(6, '0')}`,
						name: `Legacy ${i}`,
						emails: [{ address: `Legacy.${i}@Example.COM` }],
						phones: [{ phoneNumber: `+1 (555) 02${String(i).padStart(5, '0')}` }],
						channels: [],
						customFields: {},
						unknown: false,
						createdAt: new Date(),
						_updatedAt: new Date(),
					})),
				);
				await db.close();

				const server = await startServer({ DATA_DIR: dataDir, LOG_LEVEL: 'info' });
				try {
					const client = supertest(server.url);
					const admin = await login(TEST_ADMIN, TEST_ADMIN, server);
					const exists = async (query: Record<string, string>) =>
						(await client.get(api('omnichannel/contacts.checkExistence')).set(admin).query({ ...query, match: 'normalized' })).body.exists;
					// The last contact in _id order gets its keys last.
					const deadline = Date.now() + 60_000;
					while (!(await exists({ email: 'legacy.2499@example.com' })) && Date.now() < deadline) {
						await new Promise((resolve) => setTimeout(resolve, 100));
					}

					expect(await exists({ email: 'legacy.2499@example.com' })).to.equal(true);
					expect(await exists({ phone: '+155502' + '00017' })).to.equal(true);
					expect(await exists({ email: 'legacy.2500@example.com' })).to.equal(false);
				} finally {
					// The logger is buffered; stopping flushes it.
					await server.stop();
				}
				expect(server.output()).to.include('contact key backfill started');
				expect(server.output()).to.include('contact key backfill finished');

				// Done once: the next start leaves the contacts alone.
				const again = await startServer({ DATA_DIR: dataDir, LOG_LEVEL: 'info' });
				await again.stop();
				expect(again.output()).to.not.include('contact key backfill started');
			} finally {
				await rm(dataDir, { recursive: true, force: true });
			}
		});
	});

	it('answers 401 before looking at the new parameter', async () => {
		const anonymous = await request.get(api('omnichannel/contacts.checkExistence')).query({ email: 'a@b.c', match: 'normalized' });
		expect(anonymous.status).to.equal(401);
	});
});
