import { createHash } from 'node:crypto';

import { RestClient } from '@rocket.chat/api-client';
import { expect } from 'chai';

import { api, createUser, credentials, getSharedServer, request, TEST_ADMIN, type Credentials, type TestUser } from '../../data/api-data';

const LOGIN_FAILED = { success: false, status: 'error', error: 'Unauthorized', message: 'Unauthorized' };
const NOT_LOGGED_IN = { success: false, error: 'You must be logged in to do this.', status: 'error', message: 'You must be logged in to do this.' };

function headersOf(userId: string, authToken: string): Credentials {
	return { 'X-User-Id': userId, 'X-Auth-Token': authToken };
}

describe('[Authentication]', () => {
	let user: TestUser;

	before(async () => {
		user = await createUser({ roles: ['user'] });
	});

	describe('POST login', () => {
		it('logs in with {user, password} and answers status, data{userId, authToken, me} and success', async () => {
			const res = await request.post(api('login')).send({ user: user.username, password: user.password }).expect(200);

			expect(res.body).to.have.all.keys('status', 'data', 'success');
			expect(res.body.status).to.equal('success');
			expect(res.body.success).to.equal(true);
			expect(res.body.data).to.have.all.keys('userId', 'authToken', 'me');
			expect(res.body.data.userId).to.equal(user._id);
			expect(res.body.data.authToken).to.match(/^[A-Za-z0-9_-]{43}$/);
			expect(res.body.data.me).to.include({ _id: user._id, username: user.username, active: true });
			expect(res.body.data.me.services).to.deep.equal({ password: { exists: true } });
		});

		it('accepts {username, password}, {email, password}, an email as `user`, and {hashed} passwords', async () => {
			const hashed = createHash('sha256').update(user.password).digest('hex');
			for (const body of [
				{ username: user.username, password: user.password },
				{ email: user.email, password: user.password },
				{ user: user.email, password: user.password },
				{ user: user.username, password: { hashed } },
			]) {
				const res = await request.post(api('login')).send(body);
				expect(res.status, JSON.stringify(body)).to.equal(200);
				expect(res.body.data.userId).to.equal(user._id);
			}
		});

		it('issues a new token per login, each usable on its own', async () => {
			const first = await request.post(api('login')).send({ user: user.username, password: user.password }).expect(200);
			const second = await request.post(api('login')).send({ user: user.username, password: user.password }).expect(200);
			expect(first.body.data.authToken).not.to.equal(second.body.data.authToken);
			await request.get(api('me')).set(headersOf(user._id, first.body.data.authToken)).expect(200);
			await request.get(api('me')).set(headersOf(user._id, second.body.data.authToken)).expect(200);
		});

		it('resumes with {resume: token}, handing the same token back', async () => {
			const res = await request.post(api('login')).send({ resume: user.credentials['X-Auth-Token'] }).expect(200);
			expect(res.body.data).to.include({ userId: user._id, authToken: user.credentials['X-Auth-Token'] });
		});

		it('answers every failure with the same 401 body, so unknown users and wrong passwords are indistinguishable', async () => {
			for (const body of [
				{ user: user.username, password: 'wrong' },
				{ user: 'no-such-user', password: 'wrong' },
				{ email: 'nobody@example.com', password: user.password },
				{ resume: 'not-a-token' },
				{ user: user.username },
				{},
			]) {
				const res = await request.post(api('login')).send(body);
				expect(res.status, JSON.stringify(body)).to.equal(401);
				expect(res.body, JSON.stringify(body)).to.deep.equal(LOGIN_FAILED);
			}
		});

		it('needs no credentials, and ignores wrong ones', async () => {
			await request
				.post(api('login'))
				.set(headersOf('someone', 'bad-token'))
				.send({ user: user.username, password: user.password })
				.expect(200);
		});
	});

	describe('GET me', () => {
		it("answers the caller's public fields at the top level, with success and no secrets", async () => {
			const res = await request.get(api('me')).set(user.credentials).expect(200);
			expect(res.body).to.include({ _id: user._id, username: user.username, name: user.username, status: 'offline', active: true, success: true });
			expect(res.body.emails).to.deep.equal([{ address: user.email, verified: false }]);
			expect(res.body.roles).to.deep.equal(['user']);
			expect(res.body.services).to.deep.equal({ password: { exists: true } });
			expect(JSON.stringify(res.body)).not.to.match(/bcrypt|hashedToken|loginTokens/);
		});

		it('answers 401 with the four-key body without credentials or with a wrong token', async () => {
			for (const headers of [{}, headersOf(user._id, 'wrong'), headersOf('wrong', user.credentials['X-Auth-Token'])]) {
				const res = await request.get(api('me')).set(headers).expect(401);
				expect(res.body).to.deep.equal(NOT_LOGGED_IN);
			}
		});
	});

	describe('logout', () => {
		for (const method of ['get', 'post'] as const) {
			it(`${method.toUpperCase()} logout ends only the calling session`, async () => {
				const kept = await request.post(api('login')).send({ user: user.username, password: user.password }).expect(200);
				const ended = await request.post(api('login')).send({ user: user.username, password: user.password }).expect(200);
				const endedHeaders = headersOf(user._id, ended.body.data.authToken);

				const res = await request[method](api('logout')).set(endedHeaders).expect(200);
				expect(res.body).to.deep.equal({ status: 'success', data: { message: "You've been logged out!" } });

				expect((await request.get(api('me')).set(endedHeaders).expect(401)).body).to.deep.equal(NOT_LOGGED_IN);
				await request.get(api('me')).set(headersOf(user._id, kept.body.data.authToken)).expect(200);
			});
		}

		it('requires a login', async () => {
			expect((await request.post(api('logout')).expect(401)).body).to.deep.equal(NOT_LOGGED_IN);
		});
	});

	describe('personal access tokens', () => {
		it('generates a token that authenticates like a login token and is listed without its secret', async () => {
			const created = await request.post(api('users.generatePersonalAccessToken')).set(user.credentials).send({ tokenName: 'ci' }).expect(200);
			expect(created.body).to.have.all.keys('token', 'success');
			const { token } = created.body;
			expect(token).to.match(/^[A-Za-z0-9_-]{43}$/);

			const me = await request.get(api('me')).set(headersOf(user._id, token)).expect(200);
			expect(me.body._id).to.equal(user._id);

			const listed = await request.get(api('users.getPersonalAccessTokens')).set(user.credentials).expect(200);
			expect(listed.body).to.have.all.keys('tokens', 'success');
			const entry = listed.body.tokens.find((candidate: { name: string }) => candidate.name === 'ci');
			expect(entry).to.have.all.keys('name', 'createdAt', 'lastTokenPart', 'bypassTwoFactor');
			expect(entry).to.include({ lastTokenPart: token.slice(-6), bypassTwoFactor: false });
			expect(new Date(entry.createdAt).toISOString()).to.equal(entry.createdAt);
		});

		it("refuses a second token with the same name with Rocket.Chat's error", async () => {
			await request.post(api('users.generatePersonalAccessToken')).set(user.credentials).send({ tokenName: 'twice' }).expect(200);
			const res = await request.post(api('users.generatePersonalAccessToken')).set(user.credentials).send({ tokenName: 'twice' }).expect(400);
			expect(res.body).to.have.all.keys('success', 'error', 'errorType', 'details', 'stack');
			expect(res.body).to.deep.include({
				success: false,
				error: 'A token with this name already exists [error-token-already-exists]',
				errorType: 'error-token-already-exists',
				details: { method: 'personalAccessTokens:generateToken' },
			});
		});

		it('requires a token name', async () => {
			const res = await request.post(api('users.generatePersonalAccessToken')).set(user.credentials).send({}).expect(400);
			expect(res.body).to.deep.equal({ success: false, error: "The 'tokenName' param is required" });
		});

		it('removes a token, which then stops authenticating; removing it again fails', async () => {
			const { token } = (await request.post(api('users.generatePersonalAccessToken')).set(user.credentials).send({ tokenName: 'gone' }).expect(200)).body;
			await request.post(api('users.removePersonalAccessToken')).set(user.credentials).send({ tokenName: 'gone' }).expect(200, { success: true });
			await request.get(api('me')).set(headersOf(user._id, token)).expect(401);

			const again = await request.post(api('users.removePersonalAccessToken')).set(user.credentials).send({ tokenName: 'gone' }).expect(400);
			expect(again.body).to.deep.include({ success: false, error: 'Token does not exist [error-token-does-not-exists]', errorType: 'error-token-does-not-exists' });
		});

		it('refuses users without create-personal-access-tokens', async () => {
			const agentOnly = await createUser({ roles: ['livechat-agent'] });
			const res = await request.post(api('users.generatePersonalAccessToken')).set(agentOnly.credentials).send({ tokenName: 'x' }).expect(400);
			expect(res.body).to.deep.include({ success: false, error: 'Not Authorized [not-authorized]', errorType: 'not-authorized' });
			await request.get(api('users.getPersonalAccessTokens')).set(agentOnly.credentials).expect(400);
		});
	});

	describe('deactivated users', () => {
		it('can neither use their tokens nor log in, until reactivated', async () => {
			const victim = await createUser({ roles: ['user'] });
			const pat = (await request.post(api('users.generatePersonalAccessToken')).set(victim.credentials).send({ tokenName: 'p' }).expect(200)).body.token;

			const res = await request.post(api('users.setActiveStatus')).set(credentials).send({ userId: victim._id, activeStatus: false }).expect(200);
			expect(res.body).to.deep.equal({ user: { _id: victim._id, active: false }, success: true });

			expect((await request.get(api('me')).set(victim.credentials).expect(401)).body).to.deep.equal(NOT_LOGGED_IN);
			await request.get(api('me')).set(headersOf(victim._id, pat)).expect(401);
			expect((await request.post(api('login')).send({ user: victim.username, password: victim.password }).expect(401)).body).to.deep.equal(LOGIN_FAILED);

			await request.post(api('users.setActiveStatus')).set(credentials).send({ userId: victim._id, activeStatus: true }).expect(200);
			// Deactivation removed every token, so only a fresh login works.
			await request.get(api('me')).set(victim.credentials).expect(401);
			await request.post(api('login')).send({ user: victim.username, password: victim.password }).expect(200);
		});
	});

	describe('@rocket.chat/api-client', () => {
		it('logs in and creates a contact through the real RestClient', async () => {
			const client = new RestClient({ baseUrl: getSharedServer().url });
			const loggedIn = (await client.post('/v1/login', { user: TEST_ADMIN, password: TEST_ADMIN } as never)) as unknown as {
				data: { userId: string; authToken: string };
			};
			client.setCredentials({ 'X-User-Id': loggedIn.data.userId, 'X-Auth-Token': loggedIn.data.authToken });

			const me = await client.get('/v1/me');
			expect(me).to.include({ _id: TEST_ADMIN, success: true });

			const created = await client.post('/v1/omnichannel/contacts', { name: 'Via RestClient', emails: ['rest@client.io'], phones: ['+100'] });
			expect(created).to.have.all.keys('contactId', 'success');
			expect(created.contactId).to.match(/^[0-9a-f]{24}$/);
		});
	});
});
