import { randomBytes } from 'node:crypto';

import { expect } from 'chai';

import { api, createUser, credentials, request, TEST_ADMIN, type TestUser, withoutStack } from '../../data/api-data';

const uniqueName = () => `u.${randomBytes(5).toString('hex')}`;

function newUserBody(overrides: Record<string, unknown> = {}) {
	const username = uniqueName();
	return { username, email: `${username}@example.com`, name: 'New User', password: 'pass-123', ...overrides };
}

describe('[Users]', () => {
	let plainUser: TestUser;

	before(async () => {
		plainUser = await createUser({ roles: ['user'] });
	});

	describe('POST users.create', () => {
		it('creates an active password user with role `user` and answers it without secrets', async () => {
			const body = newUserBody();
			const res = await request.post(api('users.create')).set(credentials).send(body).expect(200);

			expect(res.body).to.have.all.keys('user', 'success');
			const { user } = res.body;
			expect(user._id).to.match(/^[23456789A-HJ-NP-Za-km-z]{17}$/);
			expect(user).to.include({ username: body.username, name: 'New User', active: true, type: 'user', status: 'offline' });
			expect(user.emails).to.deep.equal([{ address: body.email, verified: false }]);
			expect(user.roles).to.deep.equal(['user']);
			expect(user).not.to.have.property('services');

			await request.post(api('login')).send({ user: body.username, password: body.password }).expect(200);
		});

		it('honours roles, active, verified, nickname, bio and statusText', async () => {
			const body = newUserBody({ roles: ['user', 'livechat-agent'], active: false, verified: true, nickname: 'Nick', bio: 'Bio', statusText: 'Busy' });
			const { user } = (await request.post(api('users.create')).set(credentials).send(body).expect(200)).body;
			expect(user).to.include({ active: false, nickname: 'Nick', bio: 'Bio', statusText: 'Busy' });
			expect(user.roles).to.deep.equal(['user', 'livechat-agent']);
			expect(user.emails).to.deep.equal([{ address: body.email, verified: true }]);
		});

		it('refuses a username or an email already in use', async () => {
			const taken = newUserBody();
			await request.post(api('users.create')).set(credentials).send(taken).expect(200);

			const sameUsername = await request
				.post(api('users.create'))
				.set(credentials)
				.send(newUserBody({ username: taken.username }))
				.expect(400);
			expect(withoutStack(sameUsername.body)).to.deep.equal({
				success: false,
				error: `${taken.username} is already in use :( [error-field-unavailable]`,
				errorType: 'error-field-unavailable',
				details: { method: 'insertOrUpdateUser', field: taken.username },
			});

			const sameEmail = await request
				.post(api('users.create'))
				.set(credentials)
				.send(newUserBody({ email: taken.email.toUpperCase() }))
				.expect(400);
			expect(sameEmail.body).to.include({ errorType: 'error-field-unavailable', error: `${taken.email.toUpperCase()} is already in use :( [error-field-unavailable]` });
		});

		it('validates the body with Rocket.Chat\'s schema', async () => {
			const { password: _omitted, ...withoutPassword } = newUserBody();
			const res = await request.post(api('users.create')).set(credentials).send(withoutPassword).expect(400);
			expect(withoutStack(res.body)).to.deep.equal({ success: false, error: "must have required property 'password' [invalid-params]", errorType: 'invalid-params' });
		});

		it('refuses an invalid username and an invalid email', async () => {
			const badUsername = await request
				.post(api('users.create'))
				.set(credentials)
				.send(newUserBody({ username: 'has space' }))
				.expect(400);
			expect(badUsername.body).to.include({ error: 'has space is not a valid username [error-input-is-not-a-valid-field]' });
			const badEmail = await request
				.post(api('users.create'))
				.set(credentials)
				.send(newUserBody({ email: 'not-an-email' }))
				.expect(400);
			expect(badEmail.body).to.include({ error: 'Invalid email not-an-email [error-invalid-email]', errorType: 'error-invalid-email' });
		});

		it('refuses an unknown role', async () => {
			const res = await request
				.post(api('users.create'))
				.set(credentials)
				.send(newUserBody({ roles: ['no-such-role'] }))
				.expect(400);
			expect(res.body).to.include({ error: 'Invalid role [error-invalid-role]' });
		});

		it("is refused, Rocket.Chat's way, to users without create-user", async () => {
			const res = await request.post(api('users.create')).set(plainUser.credentials).send(newUserBody()).expect(400);
			expect(withoutStack(res.body)).to.deep.equal({
				success: false,
				error: 'Adding user is not allowed [error-action-not-allowed]',
				errorType: 'error-action-not-allowed',
				details: { method: 'insertOrUpdateUser', action: 'Adding_user' },
			});
		});
	});

	describe('GET users.info', () => {
		it('finds a user by userId or by username, answering {user, success}', async () => {
			for (const query of [{ userId: plainUser._id }, { username: plainUser.username }]) {
				const res = await request.get(api('users.info')).set(credentials).query(query).expect(200);
				expect(res.body).to.have.all.keys('user', 'success');
				expect(res.body.user).to.include({ _id: plainUser._id, username: plainUser.username, active: true });
				expect(res.body.user).not.to.have.property('services');
			}
		});

		it('shows an admin the full record but another user only public fields', async () => {
			const asAdmin = (await request.get(api('users.info')).set(credentials).query({ userId: plainUser._id }).expect(200)).body.user;
			expect(asAdmin).to.have.property('emails');
			expect(asAdmin).to.have.property('roles');
			const asPeer = (await request.get(api('users.info')).set(plainUser.credentials).query({ userId: TEST_ADMIN }).expect(200)).body.user;
			expect(asPeer).to.include({ _id: TEST_ADMIN, username: TEST_ADMIN });
			expect(asPeer).not.to.have.any.keys('emails', 'roles', 'services');
		});

		it('answers 400 for an unknown user', async () => {
			const res = await request.get(api('users.info')).set(credentials).query({ userId: 'nobody' }).expect(400);
			expect(res.body).to.deep.equal({ success: false, error: 'User not found.' });
		});

		it('needs userId or username', async () => {
			const res = await request.get(api('users.info')).set(credentials).expect(400);
			expect(res.body.errorType).to.equal('invalid-params');
		});
	});

	describe('POST users.setActiveStatus', () => {
		it('answers {user:{_id, active}, success}', async () => {
			const target = await createUser({ roles: ['user'] });
			const res = await request.post(api('users.setActiveStatus')).set(credentials).send({ userId: target._id, activeStatus: false }).expect(200);
			expect(res.body).to.deep.equal({ user: { _id: target._id, active: false }, success: true });
		});

		it('validates the body and requires edit-other-user-active-status', async () => {
			const invalid = await request.post(api('users.setActiveStatus')).set(credentials).send({ userId: plainUser._id }).expect(400);
			expect(invalid.body.error).to.equal("must have required property 'activeStatus' [invalid-params]");
			await request.post(api('users.setActiveStatus')).set(plainUser.credentials).send({ userId: TEST_ADMIN, activeStatus: false }).expect(403);
		});
	});

	describe('POST users.delete', () => {
		it('deletes a user by userId; the user can no longer log in', async () => {
			const target = await createUser({ roles: ['user'] });
			await request.post(api('users.delete')).set(credentials).send({ userId: target._id }).expect(200, { success: true });
			await request.get(api('users.info')).set(credentials).query({ userId: target._id }).expect(400);
			await request.post(api('login')).send({ user: target.username, password: target.password }).expect(401);
		});

		it('deletes a user by username', async () => {
			const target = await createUser({ roles: ['user'] });
			await request.post(api('users.delete')).set(credentials).send({ username: target.username }).expect(200, { success: true });
		});

		it('answers 400 for an unknown or missing user', async () => {
			const unknown = await request.post(api('users.delete')).set(credentials).send({ userId: 'nobody' }).expect(400);
			expect(unknown.body).to.include({ errorType: 'error-invalid-user' });
			const missing = await request.post(api('users.delete')).set(credentials).send({}).expect(400);
			expect(missing.body).to.include({ errorType: 'error-user-param-not-provided' });
		});

		it('requires delete-user', async () => {
			await request.post(api('users.delete')).set(plainUser.credentials).send({ userId: TEST_ADMIN }).expect(403);
		});
	});
});
