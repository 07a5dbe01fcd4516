import { createModels } from '@omni/models';
import type { IDatabase, Models } from '@omni/model-typings';
import { connectDatabase } from '@omni/database';
import { expect } from 'chai';

import { authenticateRequest } from './authenticateRequest';
import { getUserInfo } from './getUserInfo';
import { hashLoginToken } from './loginTokens';
import { generatePersonalAccessToken, listPersonalAccessTokens, removePersonalAccessToken } from './personalAccessTokens';

describe('personal access tokens', () => {
	let db: IDatabase;
	let models: Models;

	beforeEach(async () => {
		db = await connectDatabase({});
		models = createModels(db);
		await models.Users.insertOne({ _id: 'u1', username: 'u1', roles: ['user'], active: true, services: { password: { bcrypt: 'x' } } } as never);
	});

	afterEach(() => db.close());

	it('stores the documented entry beside the login tokens and authenticates with it', async () => {
		const token = await generatePersonalAccessToken({ models }, { userId: 'u1', tokenName: 'ci', bypassTwoFactor: true });
		const [entry] = (await models.Users.findOneById('u1'))?.services?.resume?.loginTokens ?? [];
		expect(entry).to.have.all.keys('hashedToken', 'type', 'createdAt', 'lastTokenPart', 'name', 'bypassTwoFactor');
		expect(entry).to.deep.include({ hashedToken: hashLoginToken(token), type: 'personalAccessToken', lastTokenPart: token.slice(-6), name: 'ci', bypassTwoFactor: true });
		expect((await authenticateRequest(models, 'u1', token))?._id).to.equal('u1');
	});

	it('lists tokens without their secrets, and only personal access tokens', async () => {
		await models.Users.addLoginToken('u1', { when: new Date(), hashedToken: 'session' });
		const token = await generatePersonalAccessToken({ models }, { userId: 'u1', tokenName: 'ci' });
		const tokens = await listPersonalAccessTokens({ models }, 'u1');
		expect(tokens).to.have.length(1);
		expect(tokens[0]).to.deep.include({ name: 'ci', lastTokenPart: token.slice(-6), bypassTwoFactor: false });
		expect(JSON.stringify(tokens)).not.to.contain(hashLoginToken(token));
	});

	it('refuses a duplicate name and the removal of an unknown token, with the Meteor-style codes', async () => {
		await generatePersonalAccessToken({ models }, { userId: 'u1', tokenName: 'ci' });
		const errors: string[] = [];
		for (const attempt of [
			() => generatePersonalAccessToken({ models }, { userId: 'u1', tokenName: 'ci' }),
			() => removePersonalAccessToken({ models }, { userId: 'u1', tokenName: 'other' }),
		]) {
			try {
				await attempt();
			} catch (err) {
				errors.push((err as Error).message);
			}
		}
		expect(errors).to.deep.equal(['A token with this name already exists [error-token-already-exists]', 'Token does not exist [error-token-does-not-exists]']);
	});

	it('removal revokes the token and keeps session tokens', async () => {
		await models.Users.addLoginToken('u1', { when: new Date(), hashedToken: hashLoginToken('session') });
		const token = await generatePersonalAccessToken({ models }, { userId: 'u1', tokenName: 'ci' });
		await removePersonalAccessToken({ models }, { userId: 'u1', tokenName: 'ci' });
		expect(await authenticateRequest(models, 'u1', token)).to.equal(undefined);
		expect((await authenticateRequest(models, 'u1', 'session'))?._id).to.equal('u1');
	});
});

describe('getUserInfo', () => {
	it('flattens public fields, adds the verified email and reduces services to flags', () => {
		const info = getUserInfo({
			_id: 'u1',
			username: 'jane',
			emails: [
				{ address: 'old@x.io', verified: false },
				{ address: 'jane@x.io', verified: true },
			],
			roles: ['user'],
			active: true,
			services: { password: { bcrypt: 'secret-hash' }, resume: { loginTokens: [{ when: new Date(), hashedToken: 'h' }] } },
		} as never);
		expect(info).to.deep.include({ _id: 'u1', username: 'jane', email: 'jane@x.io', roles: ['user'], active: true });
		expect(info.services).to.deep.equal({ password: { exists: true } });
		expect(JSON.stringify(info)).not.to.match(/secret-hash|hashedToken/);
	});
});
