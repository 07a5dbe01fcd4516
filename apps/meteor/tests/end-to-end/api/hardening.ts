import { randomBytes } from 'node:crypto';

import { expect } from 'chai';

import { API } from '../../../app/api/server/api';
import type { RegisteredRoute } from '../../../app/api/server/api';
import '../../../server/routes';
import { api, createUser, credentials, request, type TestUser } from '../../data/api-data';
import { addNameConflict, uniqueEmail } from '../../data/contacts';

const CONTACTS = api('omnichannel/contacts');

function unique(prefix: string): string {
	return `${prefix}-${randomBytes(6).toString('hex')}`;
}

function createContact(body: Record<string, unknown>, headers: Record<string, string> = {}) {
	return request.post(CONTACTS).set(credentials).set(headers).send({ emails: [], phones: [], ...body });
}

async function countContactsNamed(name: string): Promise<number> {
	const res = await request.get(api('omnichannel/contacts.search')).set(credentials).query({ searchText: name }).expect(200);
	return res.body.total;
}

async function setSetting(_id: string, value: unknown): Promise<void> {
	await request.post(api(`settings/${_id}`)).set(credentials).send({ value }).expect(200);
}

/** Every string-typed query property a GET route's validator declares (anyOf/oneOf branches included). */
/** The validator a GET route runs on its query, in either declaration style. */
function queryValidator(route: RegisteredRoute): unknown {
	return [route.check, ...route.checksBeforeAuth].find((check) => check?.target === 'query')?.validator;
}

function stringQueryParams(route: RegisteredRoute): string[] {
	const names = new Set<string>();
	const visit = (schema: { type?: unknown; properties?: Record<string, { type?: unknown }>; anyOf?: unknown[]; oneOf?: unknown[] }) => {
		for (const [name, property] of Object.entries(schema.properties ?? {})) {
			if (property.type === 'string' || (Array.isArray(property.type) && property.type.includes('string'))) {
				names.add(name);
			}
		}
		for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) {
			visit(branch as typeof schema);
		}
	};
	visit(((queryValidator(route) as { schema?: object }).schema ?? {}) as Parameters<typeof visit>[0]);
	return [...names];
}

function concretePath(route: RegisteredRoute): string {
	return route.path.replace(':type', 'agent').replace(/:_id/g, 'missing-id');
}

describe('[Hardening] input limits, injection guards and idempotent creates', () => {
	describe('input limits (settings with generous defaults)', () => {
		it('refuses a 513-character name with 400 error-input-too-long naming the field; 512 is fine', async () => {
			const res = await createContact({ name: 'n'.repeat(513) }).expect(400);
			expect(res.body).to.deep.include({
				success: false,
				error: 'The field name is longer than 512 characters [error-input-too-long]',
				errorType: 'error-input-too-long',
				details: { field: 'name', max: 512 },
			});
			await createContact({ name: 'n'.repeat(512) }).expect(200);
		});

		it('refuses more than 100 emails or phones, and an over-long entry', async () => {
			const emails = Array.from({ length: 101 }, (_, i) => `${i}@example.com`);
			expect((await createContact({ name: 'x', emails }).expect(400)).body.error).to.equal(
				'The field emails has more than 100 entries [error-too-many-items]',
			);
			const phones = ['5'.repeat(65)];
			expect((await createContact({ name: 'x', phones }).expect(400)).body.error).to.equal(
				'The field phones[0] is longer than 64 characters [error-input-too-long]',
			);
		});

		it('follows its setting: Omnichannel_Contact_Name_Max_Length', async () => {
			await setSetting('Omnichannel_Contact_Name_Max_Length', 10);
			try {
				await createContact({ name: 'x'.repeat(11) }).expect(400);
				await createContact({ name: 'x'.repeat(10) }).expect(200);
			} finally {
				await setSetting('Omnichannel_Contact_Name_Max_Length', 512);
			}
		});

		it('applies to contacts.update too, and the stored contact is unchanged', async () => {
			const { contactId } = (await createContact({ name: 'Limit Update' }).expect(200)).body;
			await request
				.post(api('omnichannel/contacts.update'))
				.set(credentials)
				.send({ contactId, name: 'n'.repeat(600) })
				.expect(400);
			const res = await request.get(api('omnichannel/contacts.get')).set(credentials).query({ contactId }).expect(200);
			expect(res.body.contact.name).to.equal('Limit Update');
		});
	});

	describe('custom-field keys that could reach a MongoDB update path', () => {
		const badKeys = ['$where', '$set', 'a.b', 'nul\u0000', 'constructor', 'prototype'];
		let contactId: string;

		before(async () => {
			// contacts.conflicts only acts on a contact with conflicts, so this one gets a name conflict from a visitor.
			const email = uniqueEmail();
			contactId = (await createContact({ name: 'Key Guard', emails: [email] }).expect(200)).body.contactId;
			await addNameConflict(email);
		});

		for (const key of badKeys) {
			for (const route of ['omnichannel/contacts', 'omnichannel/contacts.update', 'omnichannel/contacts.conflicts']) {
				it(`refuses ${JSON.stringify(key)} on ${route} with 400 error-invalid-custom-field-key`, async () => {
					const body = route === 'omnichannel/contacts' ? { name: 'x', emails: [], phones: [] } : { contactId };
					const res = await request
						.post(api(route))
						.set(credentials)
						.set('Content-Type', 'application/json')
						.send(JSON.stringify({ ...body, customFields: { [key]: 'x' } }))
						.expect(400);
					expect(res.body).to.deep.include({ success: false, errorType: 'error-invalid-custom-field-key' });
					expect(res.body.error).to.match(/^The field customFields has a key that starts with "\$".* \[error-invalid-custom-field-key\]$/);
				});
			}
		}

		it('refuses a nested operator key in conflicts (merged unvalidated otherwise) and leaves the contact as it was', async () => {
			await request
				.post(api('omnichannel/contacts.conflicts'))
				.set(credentials)
				.send({ contactId, customFields: { ok: { $gt: '' } } })
				.expect(400);
			const res = await request.get(api('omnichannel/contacts.get')).set(credentials).query({ contactId }).expect(200);
			expect(res.body.contact.customFields).to.deep.equal({});
		});

		it('drops a "__proto__" key at parse time, so it never reaches the store', async () => {
			const res = await request
				.post(api('omnichannel/contacts.conflicts'))
				.set(credentials)
				.set('Content-Type', 'application/json')
				.send(`{"contactId":"${contactId}","customFields":{"__proto__":{"polluted":"yes"}}}`)
				.expect(200);
			expect(res.body.result.customFields).to.deep.equal({});
			expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
		});
	});

	describe('query parameters that arrive as objects or arrays', () => {
		const getRoutes = [...API.default.routes, ...API.v1.routes].filter((route) => route.method === 'GET' && queryValidator(route));

		it('covers every GET route that declares a validator', () => {
			expect(getRoutes.map((route) => route.path)).to.include.members([
				'/api/v1/omnichannel/contacts.get',
				'/api/v1/omnichannel/contacts.search',
				'/api/v1/omnichannel/contacts.checkExistence',
				'/api/v1/omnichannel/contacts.channels',
				'/api/v1/omnichannel/contacts.history',
			]);
		});

		it('GET permissions.listAll (no validator) refuses updatedSince as an object', async () => {
			const res = await request.get(`${api('permissions.listAll')}?updatedSince[$gt]=2020-01-01`).set(credentials).expect(400);
			expect(res.body.errorType).to.equal('error-roomId-param-invalid');
		});

		for (const route of getRoutes) {
			for (const param of stringQueryParams(route)) {
				for (const [form, query] of [
					['an object', `${param}[$ne]=x`],
					['an array', `${param}[]=a&${param}[]=b`],
					['a repeated key', `${param}=a&${param}=b`],
				]) {
					it(`GET ${route.path}: "${param}" as ${form} → 400, never a query`, async () => {
						const res = await request.get(`${concretePath(route)}?${query}`).set(credentials);
						expect(res.status, JSON.stringify(res.body)).to.equal(400);
						expect(res.body.success).to.equal(false);
						expect(res.body.error).to.be.a('string');
					});
				}
			}
		}
	});

	describe('Idempotency-Key on POST omnichannel/contacts and contacts.update', () => {
		let manager: TestUser;

		before(async () => {
			manager = await createUser({ roles: ['user', 'livechat-manager'] });
		});

		it('replays the first response for the same key and body and creates nothing new', async () => {
			const name = unique('idem');
			const key = unique('key');
			const first = await createContact({ name }, { 'Idempotency-Key': key }).expect(200);
			const second = await createContact({ name }, { 'Idempotency-Key': key }).expect(200);
			expect(second.body).to.deep.equal(first.body);
			expect(second.headers['idempotent-replayed']).to.equal('true');
			expect(first.headers).not.to.have.property('idempotent-replayed');
			expect(await countContactsNamed(name)).to.equal(1);
		});

		it('answers 422 error-idempotency-key-reused for the same key with a different body', async () => {
			const key = unique('key');
			await createContact({ name: unique('a') }, { 'Idempotency-Key': key }).expect(200);
			const res = await createContact({ name: unique('b') }, { 'Idempotency-Key': key }).expect(422);
			expect(res.body).to.deep.equal({
				success: false,
				error: 'This Idempotency-Key was already used for a different request [error-idempotency-key-reused]',
				errorType: 'error-idempotency-key-reused',
			});
		});

		it('lets one of many concurrent same-key requests run; the others replay it or get 409', async () => {
			const name = unique('race');
			const key = unique('key');
			const responses = await Promise.all(Array.from({ length: 12 }, () => createContact({ name }, { 'Idempotency-Key': key })));
			const statuses = responses.map((res) => res.status);
			expect(statuses.every((status) => status === 200 || status === 409), String(statuses)).to.equal(true);
			const ids = new Set(responses.filter((res) => res.status === 200).map((res) => res.body.contactId));
			expect(ids.size).to.equal(1);
			for (const res of responses.filter((r) => r.status === 409)) {
				expect(res.body).to.deep.equal({
					success: false,
					error: 'A request with this Idempotency-Key is still in progress [error-idempotency-key-in-flight]',
					errorType: 'error-idempotency-key-in-flight',
				});
			}
			expect(await countContactsNamed(name)).to.equal(1);
		});

		it('scopes keys to the calling user', async () => {
			const key = unique('key');
			const mine = await createContact({ name: unique('mine') }, { 'Idempotency-Key': key }).expect(200);
			const theirs = await request
				.post(CONTACTS)
				.set(manager.credentials)
				.set('Idempotency-Key', key)
				.send({ name: unique('theirs'), emails: [], phones: [] })
				.expect(200);
			expect(theirs.body.contactId).not.to.equal(mine.body.contactId);
		});

		it('without the header, each request creates a contact', async () => {
			const name = unique('plain');
			await createContact({ name }).expect(200);
			await createContact({ name }).expect(200);
			expect(await countContactsNamed(name)).to.equal(2);
		});

		it('does not consume the key on an invalid body, so the corrected retry runs', async () => {
			const key = unique('key');
			await request.post(CONTACTS).set(credentials).set('Idempotency-Key', key).send({ name: 'x' }).expect(400);
			await createContact({ name: unique('fixed') }, { 'Idempotency-Key': key }).expect(200);
		});

		it('replays contacts.update too', async () => {
			const { contactId } = (await createContact({ name: unique('upd') }).expect(200)).body;
			const key = unique('key');
			const first = await request.post(api('omnichannel/contacts.update')).set(credentials).set('Idempotency-Key', key).send({ contactId, name: 'One' }).expect(200);
			const again = await request.post(api('omnichannel/contacts.update')).set(credentials).set('Idempotency-Key', key).send({ contactId, name: 'One' }).expect(200);
			expect(again.body).to.deep.equal(first.body);
			expect(again.headers['idempotent-replayed']).to.equal('true');
			await request.post(api('omnichannel/contacts.update')).set(credentials).set('Idempotency-Key', key).send({ contactId, name: 'Two' }).expect(422);
		});

		it('refuses an over-long key with 400 error-invalid-idempotency-key', async () => {
			const res = await createContact({ name: 'x' }, { 'Idempotency-Key': 'k'.repeat(256) }).expect(400);
			expect(res.body.errorType).to.equal('error-invalid-idempotency-key');
		});
	});
});
