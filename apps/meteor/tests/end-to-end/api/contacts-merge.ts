import { expect } from 'chai';

import { api, createUser, credentials, request, type Credentials } from '../../data/api-data';
import {
	NOT_LOGGED_IN,
	PERMISSION_DENIED,
	UNKNOWN_CONTACT_ID,
	createContact,
	deleteContact,
	expectFailure,
	getContact,
	invalidParams,
	uniqueEmail,
	uniqueToken,
} from '../../data/contacts';
import { createRoom, createVisitor, withSettings } from '../../data/livechat';

/*
 * Beyond Rocket.Chat, item 5: POST omnichannel/contacts.merge folds source
 * contacts into a target in one transaction (README "Beyond Rocket.Chat").
 */

type Body = Record<string, unknown>;

function merge(body: Body, auth: Credentials = credentials, headers: Record<string, string> = {}) {
	return request.post(api('omnichannel/contacts.merge')).set(auth).set(headers).send(body);
}

async function mergeOk(body: Body) {
	const res = await merge(body);
	expect(res.status, JSON.stringify(res.body)).to.equal(200);
	return res.body.contact;
}

function mergeFailure(error: string, errorType: string, details?: Body): Body {
	return { success: false, error: `${error} [${errorType}]`, errorType, ...(details && { details }) };
}

const NOT_FOUND = (contactIds: string[]) => mergeFailure('Contacts of the merge do not exist or were deleted', 'error-merge-contacts-not-found', { contactIds });

async function contactOf(contactId: string) {
	const res = await getContact(contactId);
	expect(res.status, JSON.stringify(res.body)).to.equal(200);
	return res.body.contact;
}

async function saveCustomField(field: string) {
	await request
		.post(api('livechat/custom-fields.save'))
		.set(credentials)
		.send({ customFieldId: null, customFieldData: { field, label: field, scope: 'visitor', visibility: 'visible' } })
		.expect(200);
}

/** A visitor whose email a pre-registered contact has: its room joins that contact (channel, lastChat, room.contactId). Closed, so it shows in history. */
async function chatAs(email: string) {
	return withSettings({ Livechat_accept_chats_with_no_agents: true }, async () => {
		const visitor = await createVisitor({ email });
		const room = await createRoom(visitor.token);
		await request.post(api('livechat/room.close')).send({ rid: room._id, token: visitor.token }).expect(200);
		return { visitor, room };
	});
}

describe('[Contacts data quality] POST omnichannel/contacts.merge', function () {
	this.timeout(60_000);

	before(async () => {
		await saveCustomField('mergeCfA');
		await saveCustomField('mergeCfB');
	});

	describe('the merged contact', () => {
		it('gains every email, phone, external id and channel, deduplicated by normalized key, and the latest lastChat; sources answer 404 with mergedInto', async () => {
			const token = uniqueToken();
			const sharedEmail = `${token}@merge.example`;
			const targetId = await createContact({
				name: `Target ${token}`,
				emails: [sharedEmail],
				phones: ['+1 (555) 201-0001'],
				externalIds: [{ source: 'crm', id: `t-${token}` }],
				customFields: { mergeCfA: 'target-a' },
			});
			const emailOfChatter = uniqueEmail();
			const sourceA = await createContact({
				name: `Source A ${token}`,
				emails: [sharedEmail.toUpperCase(), `a-${token}@merge.example`],
				phones: ['+15552010001', '+1 555 201 0002'],
				externalIds: [{ source: 'crm', id: `a-${token}` }],
				customFields: { mergeCfA: 'source-a', mergeCfB: 'source-b' },
			});
			const sourceB = await createContact({ name: `Source B ${token}`, emails: [emailOfChatter] });
			const { visitor, room } = await chatAs(emailOfChatter);
			const chatted = await contactOf(sourceB);
			expect(chatted.channels).to.have.length(1);
			expect(chatted.lastChat._id).to.equal(room._id);

			const merged = await mergeOk({ contactId: targetId, sourceIds: [sourceA, sourceB] });
			expect(merged._id).to.equal(targetId);
			expect(merged.name).to.equal(`Target ${token}`);
			expect(merged.emails.map(({ address }: { address: string }) => address)).to.deep.equal([sharedEmail, `a-${token}@merge.example`, emailOfChatter]);
			expect(merged.phones.map(({ phoneNumber }: { phoneNumber: string }) => phoneNumber)).to.deep.equal(['+1 (555) 201-0001', '+1 555 201 0002']);
			expect(merged.externalIds).to.deep.equal([
				{ source: 'crm', id: `t-${token}` },
				{ source: 'crm', id: `a-${token}` },
			]);
			expect(merged.customFields).to.deep.equal({ mergeCfA: 'target-a', mergeCfB: 'source-b' });
			expect(merged.channels.map(({ visitor: v }: { visitor: { visitorId: string } }) => v.visitorId)).to.deep.equal([visitor._id]);
			expect(merged.lastChat._id).to.equal(room._id);
			expect(await contactOf(targetId)).to.deep.equal(merged);

			for (const sourceId of [sourceA, sourceB]) {
				expectFailure(await getContact(sourceId), 404, { success: false, error: 'Resource not found', mergedInto: targetId });
			}
			// The sources' keys now find the target only.
			const byExternalId = await request.get(api('omnichannel/contacts.getByExternalId')).set(credentials).query({ source: 'crm', id: `a-${token}` });
			expect(byExternalId.body.contact._id).to.equal(targetId);
			const search = await request.get(api('omnichannel/contacts.search')).set(credentials).query({ searchText: token });
			expect(search.body.contacts.map(({ _id }: { _id: string }) => _id)).to.deep.equal([targetId]);

			// The source's room now belongs to the target, and the visitor's next room goes to the target too.
			const history = await request.get(api('omnichannel/contacts.history')).set(credentials).query({ contactId: targetId }).expect(200);
			expect(history.body.history.map(({ _id }: { _id: string }) => _id)).to.deep.equal([room._id]);
			const next = await withSettings({ Livechat_accept_chats_with_no_agents: true }, () => createRoom(visitor.token));
			expect(next.contactId).to.equal(targetId);
		});

		it('takes name, manager and custom fields from the contacts prefer names, the target by default, a source where the target has none', async () => {
			const manager = await createUser({ roles: ['user', 'livechat-agent'] });
			const targetId = await createContact({ name: 'Target', customFields: { mergeCfA: 'target-a' } });
			const sourceId = await createContact({ name: 'Source', contactManager: manager._id, customFields: { mergeCfA: 'source-a', mergeCfB: 'source-b' } });
			const byDefault = await mergeOk({ contactId: targetId, sourceIds: [sourceId] });
			expect(byDefault).to.include({ name: 'Target', contactManager: manager._id });
			expect(byDefault.customFields).to.deep.equal({ mergeCfA: 'target-a', mergeCfB: 'source-b' });

			const other = await createContact({ name: 'Other target', customFields: { mergeCfA: 'x', mergeCfB: 'y' } });
			const preferred = await createContact({ name: 'Preferred', customFields: { mergeCfA: 'preferred-a', mergeCfB: 'preferred-b' } });
			const chosen = await mergeOk({ contactId: other, sourceIds: [preferred], prefer: { name: preferred, customFields: { mergeCfB: preferred } } });
			expect(chosen.name).to.equal('Preferred');
			expect(chosen.customFields).to.deep.equal({ mergeCfA: 'x', mergeCfB: 'preferred-b' });
		});

		it('follows later merges: a contact merged into one that was merged in turn points at the live one', async () => {
			const [a, b, c] = await Promise.all(['A', 'B', 'C'].map((name) => createContact({ name })));
			await mergeOk({ contactId: b, sourceIds: [a] });
			await mergeOk({ contactId: c, sourceIds: [b] });
			expect((await getContact(a)).body.mergedInto).to.equal(c);
			expect((await getContact(b)).body.mergedInto).to.equal(c);
		});

		it('answers an ordinary deleted contact without mergedInto, as Rocket.Chat does', async () => {
			const contactId = await createContact({ name: 'Deleted' });
			await deleteContact(contactId);
			expectFailure(await getContact(contactId), 404, { success: false, error: 'Resource not found' });
		});
	});

	describe('who may merge', () => {
		it('answers 401 without credentials and 403 to an agent; a livechat-manager may', async () => {
			const [target, source] = await Promise.all([createContact({ name: 'T' }), createContact({ name: 'S' })]);
			expectFailure(await request.post(api('omnichannel/contacts.merge')).send({ contactId: target, sourceIds: [source] }), 401, NOT_LOGGED_IN);
			const agent = await createUser({ roles: ['user', 'livechat-agent'] });
			expectFailure(await merge({ contactId: target, sourceIds: [source] }, agent.credentials), 403, PERMISSION_DENIED);
			expect((await getContact(source)).status).to.equal(200);

			const manager = await createUser({ roles: ['user', 'livechat-manager'] });
			expect((await merge({ contactId: target, sourceIds: [source] }, manager.credentials)).status).to.equal(200);
		});

		it('lists merge-livechat-contacts for admin and livechat-manager', async () => {
			const res = await request.get(api('permissions.listAll')).set(credentials).expect(200);
			const permission = res.body.update.find(({ _id }: { _id: string }) => _id === 'merge-livechat-contacts');
			expect(permission.roles).to.have.members(['admin', 'livechat-manager']);
		});
	});

	describe('hostile input', () => {
		let target: string;
		let source: string;

		beforeEach(async () => {
			[target, source] = await Promise.all([createContact({ name: 'T', emails: [uniqueEmail()] }), createContact({ name: 'S', emails: [uniqueEmail()] })]);
		});

		afterEach(async () => {
			// Nothing a refused merge was asked to do happened.
			expect((await getContact(target)).status).to.equal(200);
			expect((await getContact(source)).status).to.equal(200);
		});

		it('refuses a target among its own sources', async () => {
			expectFailure(await merge({ contactId: target, sourceIds: [source, target] }), 400, mergeFailure('A contact cannot be merged into itself', 'error-contact-merge-into-itself'));
		});

		it('refuses unknown and deleted contacts, naming them', async () => {
			expectFailure(await merge({ contactId: target, sourceIds: [source, UNKNOWN_CONTACT_ID] }), 400, NOT_FOUND([UNKNOWN_CONTACT_ID]));
			expectFailure(await merge({ contactId: UNKNOWN_CONTACT_ID, sourceIds: [source] }), 400, NOT_FOUND([UNKNOWN_CONTACT_ID]));
			const deleted = await createContact({ name: 'gone' });
			await deleteContact(deleted);
			expectFailure(await merge({ contactId: target, sourceIds: [deleted, source] }), 400, NOT_FOUND([deleted]));
			expectFailure(await merge({ contactId: deleted, sourceIds: [source] }), 400, NOT_FOUND([deleted]));
		});

		it('refuses more than 100 sources, repeated sources and wrong types with invalid-params', async () => {
			const many = Array.from({ length: 1000 }, (_, i) => `${UNKNOWN_CONTACT_ID.slice(0, 20)}${String(i).padStart(4, '0')}`);
			expectFailure(await merge({ contactId: target, sourceIds: many }), 400, invalidParams('must NOT have more than 100 items'));
			expectFailure(await merge({ contactId: target, sourceIds: [source, source] }), 400, invalidParams('must NOT have duplicate items (items ## 1 and 0 are identical)'));
			expectFailure(await merge({ contactId: target, sourceIds: [] }), 400, invalidParams('must NOT have fewer than 1 items'));
			expectFailure(await merge({ contactId: target }), 400, invalidParams("must have required property 'sourceIds'"));
			expectFailure(await merge({ contactId: { $ne: null }, sourceIds: [source] }), 400, invalidParams('must be string'));
			expectFailure(await merge({ contactId: target, sourceIds: source }), 400, invalidParams('must be array'));
			expectFailure(await merge({ contactId: target, sourceIds: [{ $ne: null }] }), 400, invalidParams('must be string'));
			expectFailure(await merge({ contactId: target, sourceIds: [source], prefer: { emails: source } }), 400, invalidParams('must NOT have additional properties'));
			expectFailure(await merge({ contactId: target, sourceIds: [source], extra: 1 }), 400, invalidParams('must NOT have additional properties'));
			expectFailure(await merge({ contactId: 'x'.repeat(100_000), sourceIds: [source] }), 400, invalidParams('must NOT have more than 64 characters'));
		});

		it('refuses a preference for a contact outside the merge', async () => {
			const outsider = await createContact({ name: 'outsider' });
			expectFailure(
				await merge({ contactId: target, sourceIds: [source], prefer: { customFields: { mergeCfA: outsider } } }),
				400,
				mergeFailure('prefer.customFields.mergeCfA names a contact that is not part of this merge', 'error-invalid-merge-preference', { field: 'customFields.mergeCfA' }),
			);
		});

		it('refuses a merge whose result would exceed the emails limit, writing nothing', async () => {
			const many = await createContact({ name: 'many', emails: [uniqueEmail(), uniqueEmail()] });
			await withSettings({ Omnichannel_Contact_Max_Emails: 2 }, async () => {
				expectFailure(await merge({ contactId: target, sourceIds: [source, many] }), 400, mergeFailure('The field emails has more than 2 entries', 'error-too-many-items', { field: 'emails', max: 2 }));
			});
			expect((await getContact(many)).status).to.equal(200);
		});
	});

	describe('If-Match', () => {
		it('answers 412 when the target changed since the named tag, writing nothing; the current tag merges', async () => {
			const [target, source] = await Promise.all([createContact({ name: 'T' }), createContact({ name: 'S' })]);
			const etag = (await getContact(target)).headers.etag;
			await request.post(api('omnichannel/contacts.update')).set(credentials).send({ contactId: target, name: 'T2' }).expect(200);
			expectFailure(await merge({ contactId: target, sourceIds: [source] }, credentials, { 'If-Match': etag }), 412, {
				success: false,
				error: 'The contact changed since the version named in If-Match [error-precondition-failed]',
				errorType: 'error-precondition-failed',
			});
			expect((await getContact(source)).status).to.equal(200);

			const current = (await getContact(target)).headers.etag;
			const res = await merge({ contactId: target, sourceIds: [source] }, credentials, { 'If-Match': current });
			expect(res.status, JSON.stringify(res.body)).to.equal(200);
			expect(res.headers.etag).to.equal((await getContact(target)).headers.etag);
		});
	});

	describe('concurrency', () => {
		it('two merges sharing a source: one wins, the other changes nothing', async () => {
			const [a, b, shared, d, e] = await Promise.all(['a', 'b', 'shared', 'd', 'e'].map((name) => createContact({ name, emails: [uniqueEmail()] })));
			const results = await Promise.all([merge({ contactId: a, sourceIds: [b, shared] }), merge({ contactId: d, sourceIds: [shared, e] })]);
			expect(results.map(({ status }) => status).sort()).to.deep.equal([200, 400]);
			const winner = results[0].status === 200 ? a : d;
			const loserSources = results[0].status === 200 ? [d, e] : [a, b];
			expect((await getContact(shared)).body.mergedInto).to.equal(winner);
			for (const untouched of loserSources) {
				expect((await getContact(untouched)).status).to.equal(200);
			}
		});

		it('many overlapping merges at once: every email ends on exactly one live contact, and every merged contact points at the one holding its email', async () => {
			const emails = Array.from({ length: 12 }, () => uniqueEmail());
			const ids = await Promise.all(emails.map((email, i) => createContact({ name: `c${i}`, emails: [email] })));
			const plans = Array.from({ length: 10 }, (_, i) => ({ contactId: ids[i % ids.length], sourceIds: [ids[(i * 5 + 1) % ids.length], ids[(i * 7 + 3) % ids.length]] })).filter(
				({ contactId, sourceIds }) => !sourceIds.includes(contactId) && sourceIds[0] !== sourceIds[1],
			);
			const results = await Promise.all(plans.map((plan) => merge(plan)));
			for (const res of results) {
				expect([200, 400], JSON.stringify(res.body)).to.include(res.status);
			}
			expect(results.some(({ status }) => status === 200)).to.equal(true);

			const holders = new Map<string, string[]>();
			const mergedInto = new Map<string, string>();
			for (const id of ids) {
				const res = await getContact(id);
				if (res.status === 200) {
					for (const { address } of res.body.contact.emails) {
						holders.set(address, [...(holders.get(address) ?? []), id]);
					}
				} else {
					mergedInto.set(id, res.body.mergedInto);
				}
			}
			for (const email of emails) {
				expect(holders.get(email), email).to.have.length(1);
			}
			for (const [id, into] of mergedInto) {
				expect(holders.get(emails[ids.indexOf(id)])).to.deep.equal([into]);
			}
		});
	});
});
