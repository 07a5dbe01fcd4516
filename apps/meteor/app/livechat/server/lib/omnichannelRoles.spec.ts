import { createModels } from '@omni/models';
import type { IDatabase, Models } from '@omni/model-typings';
import { connectDatabase } from '@omni/database';
import { expect } from 'chai';

import { addOmnichannelUser, findOmnichannelUsers, removeOmnichannelUser, roleForType } from './omnichannelRoles';

describe('omnichannel roles', () => {
	let db: IDatabase;
	let models: Models;

	beforeEach(async () => {
		db = await connectDatabase({});
		models = createModels(db);
		await models.Users.insertOne({ _id: 'on', username: 'online.user', name: 'Bea Online', status: 'online', roles: ['user'] } as never);
		await models.Users.insertOne({ _id: 'off', username: 'offline.user', name: 'Al Offline', status: 'offline', roles: ['user'] } as never);
	});

	afterEach(() => db.close());

	it('maps agent and manager to their roles and refuses any other type', () => {
		expect(roleForType('agent')).to.equal('livechat-agent');
		expect(roleForType('manager')).to.equal('livechat-manager');
		for (const type of ['monitor', 'toString', '']) {
			expect(() => roleForType(type)).to.throw('Invalid type');
		}
	});

	it('makes an agent an operator, available only when not offline', async () => {
		expect(await addOmnichannelUser({ models }, 'livechat-agent', 'online.user')).to.deep.equal({ _id: 'on', username: 'online.user' });
		await addOmnichannelUser({ models }, 'livechat-agent', 'offline.user');
		expect(await models.Users.findOneById('on')).to.deep.include({ roles: ['user', 'livechat-agent'], operator: true, statusLivechat: 'available' });
		expect(await models.Users.findOneById('off')).to.deep.include({ statusLivechat: 'not-available' });
	});

	it('grants a role once however often it is added', async () => {
		await addOmnichannelUser({ models }, 'livechat-manager', 'online.user');
		await addOmnichannelUser({ models }, 'livechat-manager', 'online.user');
		expect((await models.Users.findOneById('on'))?.roles).to.deep.equal(['user', 'livechat-manager']);
	});

	it('refuses an unknown username with the plain error-invalid-user', async () => {
		let error: Error | undefined;
		try {
			await addOmnichannelUser({ models }, 'livechat-agent', 'nobody');
		} catch (err) {
			error = err as Error;
		}
		expect(error?.message).to.equal('error-invalid-user');
	});

	it('revokes the role and availability, and reports an unknown user', async () => {
		await addOmnichannelUser({ models }, 'livechat-agent', 'online.user');
		expect(await removeOmnichannelUser({ models }, 'livechat-agent', 'on')).to.equal(true);
		expect(await models.Users.findOneById('on')).to.deep.include({ roles: ['user'], operator: false, statusLivechat: 'not-available' });
		expect(await removeOmnichannelUser({ models }, 'livechat-agent', 'nobody')).to.equal(false);
	});

	it('pages the holders of a role by name, filtered by a case-insensitive substring', async () => {
		await addOmnichannelUser({ models }, 'livechat-agent', 'online.user');
		await addOmnichannelUser({ models }, 'livechat-agent', 'offline.user');

		const all = await findOmnichannelUsers({ models }, 'livechat-agent', {}, { offset: 0, count: 50 });
		expect(all.users.map(({ _id }) => _id)).to.deep.equal(['off', 'on']);
		expect(all).to.include({ count: 2, offset: 0, total: 2 });

		const page = await findOmnichannelUsers({ models }, 'livechat-agent', {}, { offset: 1, count: 1 });
		expect(page.users.map(({ _id }) => _id)).to.deep.equal(['on']);
		expect(page).to.include({ count: 1, offset: 1, total: 2 });

		const filtered = await findOmnichannelUsers({ models }, 'livechat-agent', { text: 'BEA' }, { offset: 0, count: 50 });
		expect(filtered.users.map(({ _id }) => _id)).to.deep.equal(['on']);
		const available = await findOmnichannelUsers({ models }, 'livechat-agent', { onlyAvailable: true }, { offset: 0, count: 50 });
		expect(available.users.map(({ _id }) => _id)).to.deep.equal(['on']);
		const regexChars = await findOmnichannelUsers({ models }, 'livechat-agent', { text: '.*' }, { offset: 0, count: 50 });
		expect(regexChars.total).to.equal(0);
	});
});
