import { createHash } from 'node:crypto';

import { createModels } from '@omni/models';
import type { IDatabase, Models } from '@omni/model-typings';
import { connectDatabase } from '@omni/database';
import { expect } from 'chai';

import { authenticateRequest } from './authenticateRequest';
import { login } from './login';
import { hashLoginToken } from './loginTokens';
import { hashPassword } from './password';

describe('login and request authentication', () => {
	let db: IDatabase;
	let models: Models;

	beforeEach(async () => {
		db = await connectDatabase({});
		models = createModels(db);
		await models.Users.insertOne({
			_id: 'u1',
			username: 'Jane.Doe',
			emails: [{ address: 'jane@example.com', verified: true }],
			roles: ['user'],
			active: true,
			type: 'user',
			services: { password: { bcrypt: await hashPassword('pw') } },
		} as never);
	});

	afterEach(() => db.close());

	const tokensOf = async (userId: string) => (await models.Users.findOneById(userId))?.services?.resume?.loginTokens ?? [];

	it('accepts a username, an email, a `user` of either kind, and a SHA-256 digest', async () => {
		const digest = createHash('sha256').update('pw').digest('hex');
		const bodies = [
			{ user: 'Jane.Doe', password: 'pw' },
			{ user: 'jane@example.com', password: 'pw' },
			{ username: 'jane.doe', password: 'pw' },
			{ email: 'JANE@example.com', password: 'pw' },
			{ user: 'Jane.Doe', password: { hashed: digest } },
			{ user: { username: 'Jane.Doe' }, password: { digest, algorithm: 'sha-256' } },
		];
		for (const body of bodies) {
			const result = await login({ models }, body);
			expect(result?.user._id, JSON.stringify(body)).to.equal('u1');
		}
		expect(await tokensOf('u1')).to.have.length(bodies.length);
	});

	it('stores only the hash of the issued token, with the time it was issued', async () => {
		const result = await login({ models }, { user: 'Jane.Doe', password: 'pw' });
		const [entry] = await tokensOf('u1');
		expect(entry).to.have.all.keys('when', 'hashedToken');
		expect(entry.hashedToken).to.equal(hashLoginToken(result!.authToken));
	});

	it('fails, without telling why, for a wrong password, an unknown user, or a malformed body', async () => {
		for (const body of [
			{ user: 'Jane.Doe', password: 'nope' },
			{ user: 'nobody', password: 'pw' },
			{ user: 'Jane.Doe' },
			{ password: 'pw' },
			{ user: 'Jane.Doe', password: 42 },
			{},
		]) {
			expect(await login({ models }, body), JSON.stringify(body)).to.equal(undefined);
		}
		expect(await tokensOf('u1')).to.have.length(0);
	});

	it('resumes with a valid token and gives the same token back', async () => {
		const { authToken } = (await login({ models }, { user: 'Jane.Doe', password: 'pw' }))!;
		const resumed = await login({ models }, { resume: authToken });
		expect(resumed).to.deep.include({ authToken });
		expect(resumed!.user._id).to.equal('u1');
		expect(await login({ models }, { resume: 'not-a-token' })).to.equal(undefined);
	});

	it('refuses a resume token older than 90 days', async () => {
		await models.Users.addLoginToken('u1', { when: new Date(Date.now() - 91 * 24 * 3600 * 1000), hashedToken: hashLoginToken('old') });
		expect(await login({ models }, { resume: 'old' })).to.equal(undefined);
	});

	it('authenticates a request with the user id and a token it holds, and nothing else', async () => {
		const { authToken } = (await login({ models }, { user: 'Jane.Doe', password: 'pw' }))!;
		expect((await authenticateRequest(models, 'u1', authToken))?._id).to.equal('u1');
		expect(await authenticateRequest(models, 'u1', `${authToken}x`)).to.equal(undefined);
		expect(await authenticateRequest(models, 'someone-else', authToken)).to.equal(undefined);
		expect(await authenticateRequest(models, undefined, authToken)).to.equal(undefined);
		expect(await authenticateRequest(models, 'u1', undefined)).to.equal(undefined);
	});

	it('neither logs in nor authenticates a deactivated user', async () => {
		const { authToken } = (await login({ models }, { user: 'Jane.Doe', password: 'pw' }))!;
		await models.Users.setActive('u1', false);
		expect(await login({ models }, { user: 'Jane.Doe', password: 'pw' })).to.equal(undefined);
		expect(await login({ models }, { resume: authToken })).to.equal(undefined);
		expect(await authenticateRequest(models, 'u1', authToken)).to.equal(undefined);
	});
});
