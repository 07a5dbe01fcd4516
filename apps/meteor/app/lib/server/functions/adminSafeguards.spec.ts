import { createModels } from '@omni/models';
import type { IDatabase, Models } from '@omni/model-typings';
import { connectDatabase } from '@omni/database';
import { expect } from 'chai';

import { MeteorError } from '../../../../lib/errors/MeteorError';
import { deleteUser } from './deleteUser';
import { setUserActiveStatus } from './setUserActiveStatus';

async function thrown(fn: () => Promise<unknown>): Promise<MeteorError | undefined> {
	try {
		await fn();
	} catch (err) {
		return err as MeteorError;
	}
	return undefined;
}

describe('user deactivation and deletion', () => {
	let db: IDatabase;
	let models: Models;

	beforeEach(async () => {
		db = await connectDatabase({});
		models = createModels(db);
		const loginTokens = [{ when: new Date(), hashedToken: 'h1' }];
		await models.Users.insertOne({ _id: 'admin1', username: 'admin1', roles: ['admin'], active: true, services: { resume: { loginTokens } } } as never);
		await models.Users.insertOne({ _id: 'agent1', username: 'agent1', roles: ['user', 'livechat-agent'], active: true, statusLivechat: 'available', services: { resume: { loginTokens } } } as never);
	});

	afterEach(() => db.close());

	it('deactivation removes every login token and makes an agent unavailable', async () => {
		expect(await setUserActiveStatus({ models }, 'agent1', false)).to.equal(true);
		const agent = (await models.Users.findOneById('agent1')) as Record<string, any>;
		expect(agent).to.deep.include({ active: false, statusLivechat: 'not-available' });
		expect(agent.services.resume.loginTokens).to.deep.equal([]);
	});

	it('reports an unknown user instead of failing', async () => {
		expect(await setUserActiveStatus({ models }, 'nobody', false)).to.equal(false);
	});

	it('will not deactivate the last active admin, but will once another admin is active', async () => {
		const error = await thrown(() => setUserActiveStatus({ models }, 'admin1', false));
		expect(error?.message).to.equal('Leaving the app without an active admin is not allowed [error-action-not-allowed]');
		expect((await models.Users.findOneById('admin1'))?.active).to.equal(true);

		await models.Users.insertOne({ _id: 'admin2', username: 'admin2', roles: ['admin'], active: true } as never);
		expect(await setUserActiveStatus({ models }, 'admin1', false)).to.equal(true);
	});

	it('will not delete the last admin', async () => {
		const error = await thrown(() => deleteUser({ models }, 'admin1'));
		expect(error?.message).to.equal('Leaving the app without admins is not allowed [error-action-not-allowed]');
		expect(await models.Users.findOneById('admin1')).not.to.equal(null);
	});

	it('deletes any other user', async () => {
		await deleteUser({ models }, 'agent1');
		expect(await models.Users.findOneById('agent1')).to.equal(null);
	});
});
