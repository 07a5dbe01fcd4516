import { expect } from 'chai';

import { api, createUser, credentials, request, type TestUser } from '../../data/api-data';

async function rolesOf(permissionId: string): Promise<string[]> {
	const res = await request.get(api('permissions.listAll')).set(credentials).expect(200);
	return res.body.update.find(({ _id }: { _id: string }) => _id === permissionId).roles;
}

describe('[Permissions and roles]', () => {
	let plainUser: TestUser;

	before(async () => {
		plainUser = await createUser({ roles: ['user'] });
	});

	describe('GET roles.list', () => {
		it("lists Rocket.Chat's roles, with Enterprise's livechat-monitor (ENTERPRISE on by default)", async () => {
			const res = await request.get(api('roles.list')).set(plainUser.credentials).expect(200);
			expect(res.body).to.have.all.keys('roles', 'success');
			const ids = res.body.roles.map(({ _id }: { _id: string }) => _id);
			expect(ids).to.include.members(['admin', 'user', 'bot', 'app', 'guest', 'anonymous', 'livechat-agent', 'livechat-manager', 'moderator', 'leader', 'owner']);
			expect(ids).to.include('livechat-monitor');
			const admin = res.body.roles.find(({ _id }: { _id: string }) => _id === 'admin');
			expect(admin).to.include({ name: 'admin', scope: 'Users', protected: true });
		});
	});

	describe('GET permissions.listAll', () => {
		it('puts every permission in `update` and nothing in `remove`', async () => {
			const res = await request.get(api('permissions.listAll')).set(plainUser.credentials).expect(200);
			expect(res.body).to.have.all.keys('update', 'remove', 'success');
			expect(res.body.remove).to.deep.equal([]);
			const contact = res.body.update.find(({ _id }: { _id: string }) => _id === 'create-livechat-contact');
			expect(contact).to.include.keys('_id', 'roles', '_updatedAt');
		});

		it('with updatedSince, lists only what changed after it', async () => {
			const since = new Date().toISOString();
			const none = await request.get(api('permissions.listAll')).set(credentials).query({ updatedSince: since }).expect(200);
			expect(none.body.update.map(({ _id }: { _id: string }) => _id)).not.to.include('view-livechat-contact-history');

			const before = await rolesOf('view-livechat-contact-history');
			await request
				.post(api('permissions.update'))
				.set(credentials)
				.send({ permissions: [{ _id: 'view-livechat-contact-history', roles: before }] })
				.expect(200);
			const changed = await request.get(api('permissions.listAll')).set(credentials).query({ updatedSince: since }).expect(200);
			expect(changed.body.update.map(({ _id }: { _id: string }) => _id)).to.deep.equal(['view-livechat-contact-history']);
		});

		it('rejects an updatedSince that is not a date', async () => {
			const res = await request.get(api('permissions.listAll')).set(credentials).query({ updatedSince: 'yesterday' }).expect(400);
			expect(res.body).to.deep.include({
				success: false,
				error: 'The "updatedSince" query parameter must be a valid date. [error-roomId-param-invalid]',
				errorType: 'error-roomId-param-invalid',
			});
		});

		it('requires a login', async () => {
			await request.get(api('permissions.listAll')).expect(401);
		});
	});

	describe('POST permissions.update', () => {
		it('replaces the roles and answers every permission', async () => {
			const original = await rolesOf('view-livechat-contact');
			try {
				const res = await request
					.post(api('permissions.update'))
					.set(credentials)
					.send({ permissions: [{ _id: 'view-livechat-contact', roles: ['admin', 'user'] }] })
					.expect(200);
				expect(res.body).to.have.all.keys('permissions', 'success');
				expect(res.body.permissions.find(({ _id }: { _id: string }) => _id === 'view-livechat-contact').roles).to.deep.equal(['admin', 'user']);
				expect(await rolesOf('view-livechat-contact')).to.deep.equal(['admin', 'user']);
			} finally {
				await request.post(api('permissions.update')).set(credentials).send({ permissions: [{ _id: 'view-livechat-contact', roles: original }] }).expect(200);
			}
		});

		it('takes effect on the next request, in both directions', async () => {
			const original = await rolesOf('delete-livechat-contact');
			const check = () =>
				request.post(api('omnichannel/contacts.delete')).set(plainUser.credentials).send({ contactId: 'no-such-contact' });
			expect((await check()).status).to.equal(403);
			try {
				await request
					.post(api('permissions.update'))
					.set(credentials)
					.send({ permissions: [{ _id: 'delete-livechat-contact', roles: [...original, 'user'] }] })
					.expect(200);
				expect((await check()).status).to.equal(404);
			} finally {
				await request.post(api('permissions.update')).set(credentials).send({ permissions: [{ _id: 'delete-livechat-contact', roles: original }] }).expect(200);
			}
			expect((await check()).status).to.equal(403);
		});

		it('accepts an empty role list, which removes the permission from everyone', async () => {
			const original = await rolesOf('view-livechat-contact-history');
			try {
				await request.post(api('permissions.update')).set(credentials).send({ permissions: [{ _id: 'view-livechat-contact-history', roles: [] }] }).expect(200);
				expect(await rolesOf('view-livechat-contact-history')).to.deep.equal([]);
			} finally {
				await request
					.post(api('permissions.update'))
					.set(credentials)
					.send({ permissions: [{ _id: 'view-livechat-contact-history', roles: original }] })
					.expect(200);
			}
		});

		const invalidBodies: Array<[string, unknown]> = [
			['no permissions key', {}],
			['permissions that are not a list', { permissions: 'x' }],
			['an entry without roles', { permissions: [{ _id: 'view-l-room' }] }],
			['an entry with an extra key', { permissions: [{ _id: 'view-l-room', roles: ['admin'], x: 1 }] }],
			['duplicate roles', { permissions: [{ _id: 'view-l-room', roles: ['admin', 'admin'] }] }],
			['an extra top-level key', { permissions: [], extra: true }],
		];
		for (const [what, body] of invalidBodies) {
			it(`rejects ${what} as invalid body params`, async () => {
				const res = await request.post(api('permissions.update')).set(credentials).send(body as object).expect(400);
				expect(res.body).to.deep.equal({ success: false, error: 'Invalid body params', errorType: 'error-invalid-body-params' });
			});
		}

		it('rejects an unknown permission without writing anything', async () => {
			const before = await rolesOf('view-l-room');
			const res = await request
				.post(api('permissions.update'))
				.set(credentials)
				.send({ permissions: [{ _id: 'view-l-room', roles: ['admin'] }, { _id: 'no-such-permission', roles: ['admin'] }] })
				.expect(400);
			expect(res.body).to.deep.equal({ success: false, error: 'Invalid permission', errorType: 'error-invalid-permission' });
			expect(await rolesOf('view-l-room')).to.deep.equal(before);
		});

		// Community mode's `Invalid role` for livechat-monitor: omnichannel-contacts-block.ts.
		it('rejects an unknown role without writing anything', async () => {
			const before = await rolesOf('view-l-room');
			for (const role of ['no-such-role', 'livechat-Monitor']) {
				const res = await request
					.post(api('permissions.update'))
					.set(credentials)
					.send({ permissions: [{ _id: 'view-l-room', roles: ['admin', role] }] })
					.expect(400);
				expect(res.body).to.deep.equal({ success: false, error: 'Invalid role', errorType: 'error-invalid-role' });
			}
			expect(await rolesOf('view-l-room')).to.deep.equal(before);
		});

		it('is refused to users without access-permissions', async () => {
			const res = await request
				.post(api('permissions.update'))
				.set(plainUser.credentials)
				.send({ permissions: [{ _id: 'view-l-room', roles: ['user'] }] })
				.expect(403);
			expect(res.body).to.deep.equal({ success: false, error: 'User does not have the permissions required for this action [error-unauthorized]' });
		});
	});
});
