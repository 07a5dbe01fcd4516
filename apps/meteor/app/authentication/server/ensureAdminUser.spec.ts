import { createModels } from '@omni/models';
import type { IDatabase, Models } from '@omni/model-typings';
import { connectDatabase } from '@omni/database';
import { expect } from 'chai';

import { ensureAdminUser, TEST_ADMIN_ID } from './ensureAdminUser';
import { login } from './login';

describe('ensureAdminUser', () => {
	let db: IDatabase;
	let models: Models;
	let printed: string[];
	const print = (line: string) => printed.push(line);

	beforeEach(async () => {
		db = await connectDatabase({});
		models = createModels(db);
		printed = [];
	});

	afterEach(() => db.close());

	it('TEST_MODE creates the admin whose _id, username and password are all rocketchat.internal.admin.test', async () => {
		await ensureAdminUser(models, { testMode: true }, print);
		const admin = await models.Users.findOneById(TEST_ADMIN_ID);
		expect(admin).to.deep.include({ username: TEST_ADMIN_ID, roles: ['admin'], active: true, type: 'user' });
		expect(admin?.emails?.[0].address).to.equal('rocketchat.internal.admin.test@rocket.chat');
		expect((await login({ models }, { user: TEST_ADMIN_ID, password: TEST_ADMIN_ID }))?.user._id).to.equal(TEST_ADMIN_ID);
		expect(printed).to.deep.equal([]);
	});

	it('TEST_MODE leaves an existing test admin alone on restart', async () => {
		await ensureAdminUser(models, { testMode: true }, print);
		await models.Users.setActive(TEST_ADMIN_ID, false);
		await ensureAdminUser(models, { testMode: true }, print);
		expect((await models.Users.findOneById(TEST_ADMIN_ID))?.active).to.equal(false);
	});

	it('creates the admin from ADMIN_* settings without printing the password', async () => {
		await ensureAdminUser(models, { testMode: false, adminUsername: 'boss', adminPassword: 'Secret-1', adminEmail: 'boss@example.com' }, print);
		const { user } = (await login({ models }, { user: 'boss', password: 'Secret-1' }))!;
		expect(user).to.deep.include({ roles: ['admin'], active: true });
		expect(user._id).to.match(/^[23456789A-HJ-NP-Za-km-z]{17}$/);
		expect(user.emails).to.deep.equal([{ address: 'boss@example.com', verified: true }]);
		expect(printed).to.have.length(1);
		expect(printed[0]).not.to.contain('Secret-1');
	});

	it('without ADMIN_PASS, creates "admin" with a random password printed once', async () => {
		await ensureAdminUser(models, { testMode: false }, print);
		expect(printed).to.have.length(1);
		const password = /password: (\S+)/.exec(printed[0])?.[1];
		expect(password).to.match(/^[A-Za-z0-9_-]{43}$/);
		expect((await login({ models }, { user: 'admin', password: password! }))?.user.roles).to.deep.equal(['admin']);

		await ensureAdminUser(models, { testMode: false }, print);
		expect(printed).to.have.length(1);
	});
});
