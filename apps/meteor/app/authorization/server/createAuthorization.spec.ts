import { createModels } from '@omni/models';
import type { IDatabase, Models } from '@omni/model-typings';
import { connectDatabase } from '@omni/database';
import { expect } from 'chai';

import { createAuthorization, type Authorization } from './createAuthorization';
import { createLicense } from '../../license/server/license';
import { seedRolesAndPermissions } from './seedRolesAndPermissions';

async function eventually(check: () => Promise<boolean>, timeoutMs = 2000): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (await check()) {
			return true;
		}
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
	return check();
}

describe('authorization', () => {
	let db: IDatabase;
	let models: Models;
	let authorization: Authorization;
	const agent = { _id: 'a1', roles: ['user', 'livechat-agent'] };
	const admin = { _id: 'ad', roles: ['admin'] };
	const plainUser = { _id: 'u1', roles: ['user'] };

	beforeEach(async () => {
		db = await connectDatabase({});
		models = createModels(db);
		await seedRolesAndPermissions({ models, license: createLicense([]) });
		authorization = createAuthorization(models);
		await authorization.start();
	});

	afterEach(async () => {
		await authorization.stop();
		await db.close();
	});

	describe('seedRolesAndPermissions', () => {
		it("seeds Rocket.Chat's Community Edition roles, without livechat-monitor", async () => {
			const roles = (await models.Roles.findAll()).map(({ _id }) => _id).sort();
			expect(roles).to.deep.equal(
				['admin', 'anonymous', 'app', 'bot', 'guest', 'leader', 'livechat-agent', 'livechat-manager', 'moderator', 'owner', 'user'].sort(),
			);
			expect(await models.Roles.findOneById('owner')).to.deep.include({ scope: 'Subscriptions', protected: true });
			expect(await models.Roles.findOneById('livechat-agent')).to.deep.include({ scope: 'Users' });
		});

		it('grants the contact permissions by default as the spec lists them', async () => {
			const staff = ['livechat-manager', 'livechat-monitor', 'livechat-agent', 'admin'];
			for (const id of ['create-livechat-contact', 'update-livechat-contact', 'view-livechat-contact', 'view-livechat-contact-history', 'view-l-room']) {
				expect((await models.Permissions.findOneById(id))?.roles, id).to.have.members(staff);
			}
			expect((await models.Permissions.findOneById('delete-livechat-contact'))?.roles).to.have.members(['livechat-manager', 'admin']);
			expect((await models.Permissions.findOneById('view-livechat-manager'))?.roles).to.have.members(['livechat-manager', 'livechat-monitor', 'admin']);
			expect((await models.Permissions.findOneById('api-bypass-rate-limit'))?.roles).to.have.members(['admin', 'bot', 'app']);
			expect((await models.Permissions.findOneById('create-personal-access-tokens'))?.roles).to.have.members(['admin', 'user']);
			for (const id of ['access-permissions', 'create-user', 'delete-user', 'view-privileged-setting', 'edit-privileged-setting']) {
				expect((await models.Permissions.findOneById(id))?.roles, id).to.deep.equal(['admin']);
			}
		});

		it("never overwrites an administrator's change, and inserts only what is missing", async () => {
			const freshDb = await connectDatabase({});
			const fresh = createModels(freshDb);
			await fresh.Permissions.insertOne({ _id: 'create-livechat-contact', roles: ['admin'] });
			await seedRolesAndPermissions({ models: fresh, license: createLicense([]) });
			await fresh.Permissions.setRoles('view-l-room', []);
			await seedRolesAndPermissions({ models: fresh, license: createLicense([]) });
			expect((await fresh.Permissions.findOneById('create-livechat-contact'))?.roles).to.deep.equal(['admin']);
			expect((await fresh.Permissions.findOneById('view-l-room'))?.roles).to.deep.equal([]);
			expect((await fresh.Permissions.findOneById('delete-livechat-contact'))?.roles).to.have.members(['livechat-manager', 'admin']);
			await freshDb.close();
		});
	});

	it('grants a permission when one of the global roles holds it', async () => {
		expect(await authorization.hasAllPermission(agent, ['create-livechat-contact'])).to.equal(true);
		expect(await authorization.hasAllPermission(plainUser, ['create-livechat-contact'])).to.equal(false);
		expect(await authorization.hasAllPermission({ _id: 'x', roles: undefined as never }, ['create-livechat-contact'])).to.equal(false);
	});

	it('hasAll needs every permission, hasAny one of them; an unknown permission is never granted', async () => {
		expect(await authorization.hasAllPermission(agent, ['create-livechat-contact', 'delete-livechat-contact'])).to.equal(false);
		expect(await authorization.hasAnyPermission(agent, ['create-livechat-contact', 'delete-livechat-contact'])).to.equal(true);
		expect(await authorization.hasAllPermission(admin, ['create-livechat-contact', 'delete-livechat-contact'])).to.equal(true);
		expect(await authorization.hasAnyPermission(admin, ['no-such-permission'])).to.equal(false);
	});

	it('an empty list of permissions allows everyone', async () => {
		expect(await authorization.hasAllPermission(plainUser, [])).to.equal(true);
	});

	it('sees a change at once after invalidate()', async () => {
		expect(await authorization.hasAllPermission(agent, ['create-livechat-contact'])).to.equal(true);
		await models.Permissions.setRoles('create-livechat-contact', ['admin']);
		authorization.invalidate();
		expect(await authorization.hasAllPermission(agent, ['create-livechat-contact'])).to.equal(false);
	});

	it("sees another writer's change through the store's change events", async () => {
		expect(await authorization.hasAllPermission(agent, ['create-livechat-contact'])).to.equal(true);
		// Another instance's models over the same database: nobody calls invalidate() here.
		await createModels(db).Permissions.setRoles('create-livechat-contact', ['admin']);
		expect(await eventually(async () => !(await authorization.hasAllPermission(agent, ['create-livechat-contact'])))).to.equal(true);
	});

	it('keeps no stale table when a write lands while the table is loading', async () => {
		const loading = authorization.hasAllPermission(agent, ['create-livechat-contact']);
		await models.Permissions.setRoles('create-livechat-contact', ['admin']);
		authorization.invalidate();
		await loading;
		expect(await authorization.hasAllPermission(agent, ['create-livechat-contact'])).to.equal(false);
	});
});
