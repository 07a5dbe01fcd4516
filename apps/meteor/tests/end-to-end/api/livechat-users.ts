import { expect } from 'chai';

import { api, createUser, credentials, request, type TestUser, withoutStack } from '../../data/api-data';

describe('[livechat/users]', () => {
	let candidate: TestUser;
	let plainUser: TestUser;

	before(async () => {
		candidate = await createUser({ roles: ['user'], name: 'Zed Candidate' });
		plainUser = await createUser({ roles: ['user'] });
	});

	describe('POST livechat/users/:type', () => {
		it('makes a user an agent by username, answering {user:{_id, username}, success}', async () => {
			const res = await request.post(api('livechat/users/agent')).set(credentials).send({ username: candidate.username }).expect(200);
			expect(res.body).to.deep.equal({ user: { _id: candidate._id, username: candidate.username }, success: true });

			const info = (await request.get(api('users.info')).set(credentials).query({ userId: candidate._id }).expect(200)).body.user;
			expect(info.roles).to.include('livechat-agent');
			// The new agent has never connected (status offline), so it is not available.
			expect(info.statusLivechat).to.equal('not-available');
		});

		it('makes a user a manager by username', async () => {
			const res = await request.post(api('livechat/users/manager')).set(credentials).send({ username: candidate.username }).expect(200);
			expect(res.body).to.deep.equal({ user: { _id: candidate._id, username: candidate.username }, success: true });
		});

		it('refuses an unknown username with the plain error', async () => {
			const res = await request.post(api('livechat/users/agent')).set(credentials).send({ username: 'no-such-user' }).expect(400);
			expect(withoutStack(res.body)).to.deep.equal({ success: false, error: 'error-invalid-user' });
		});

		it('refuses another type', async () => {
			const res = await request.post(api('livechat/users/monitor')).set(credentials).send({ username: candidate.username }).expect(400);
			expect(withoutStack(res.body)).to.deep.equal({ success: false, error: 'Invalid type' });
		});

		it('validates the body and requires view-livechat-manager', async () => {
			const invalid = await request.post(api('livechat/users/agent')).set(credentials).send({}).expect(400);
			expect(invalid.body.error).to.equal("must have required property 'username' [invalid-params]");
			await request.post(api('livechat/users/agent')).set(plainUser.credentials).send({ username: plainUser.username }).expect(403);
		});
	});

	describe('GET livechat/users/:type', () => {
		it('pages through the agents: {users, count, offset, total, success}', async () => {
			const res = await request.get(api('livechat/users/agent')).set(credentials).query({ count: 1, offset: 0 }).expect(200);
			expect(res.body).to.have.all.keys('users', 'count', 'offset', 'total', 'success');
			expect(res.body.users).to.have.length(1);
			expect(res.body).to.include({ count: 1, offset: 0 });
			expect(res.body.total).to.be.at.least(1);
		});

		it('filters by text and shows only the agent fields', async () => {
			const res = await request.get(api('livechat/users/agent')).set(credentials).query({ text: 'zed cand' }).expect(200);
			expect(res.body.users.map(({ _id }: { _id: string }) => _id)).to.deep.equal([candidate._id]);
			expect(Object.keys(res.body.users[0]).sort()).to.deep.equal(['_id', 'emails', 'name', 'status', 'statusLivechat', 'username']);
		});

		it('lists managers too', async () => {
			const res = await request.get(api('livechat/users/manager')).set(credentials).query({ text: candidate.username }).expect(200);
			expect(res.body.users.map(({ _id }: { _id: string }) => _id)).to.deep.equal([candidate._id]);
		});

		it('rejects unknown query parameters', async () => {
			const res = await request.get(api('livechat/users/agent')).set(credentials).query({ nope: 1 }).expect(400);
			expect(res.body.error).to.equal('must NOT have additional properties [invalid-params]');
		});
	});

	describe('GET livechat/users/:type/:_id', () => {
		it('answers the user when they hold the role, null otherwise', async () => {
			const agent = await request.get(api(`livechat/users/agent/${candidate._id}`)).set(credentials).expect(200);
			expect(agent.body).to.have.all.keys('user', 'success');
			expect(agent.body.user).to.include({ _id: candidate._id, username: candidate.username, name: 'Zed Candidate' });

			const notAgent = await request.get(api(`livechat/users/agent/${plainUser._id}`)).set(credentials).expect(200);
			expect(notAgent.body).to.deep.equal({ user: null, success: true });
			const unknown = await request.get(api('livechat/users/agent/nobody')).set(credentials).expect(200);
			expect(unknown.body).to.deep.equal({ user: null, success: true });
		});
	});

	describe('DELETE livechat/users/:type/:_id', () => {
		it('removes the role; the former agent loses the contact permissions at once', async () => {
			const former = await createUser({ roles: ['user'] });
			await request.post(api('livechat/users/agent')).set(credentials).send({ username: former.username }).expect(200);
			const body = { name: 'x', emails: [], phones: [] };
			await request.post(api('omnichannel/contacts')).set(former.credentials).send(body).expect(200);

			await request.delete(api(`livechat/users/agent/${former._id}`)).set(credentials).expect(200, { success: true });

			await request.post(api('omnichannel/contacts')).set(former.credentials).send(body).expect(403);
			const lookup = await request.get(api(`livechat/users/agent/${former._id}`)).set(credentials).expect(200);
			expect(lookup.body.user).to.equal(null);
		});

		it('answers {success:false} for an unknown user', async () => {
			const res = await request.delete(api('livechat/users/manager/nobody')).set(credentials).expect(400);
			expect(res.body).to.deep.equal({ success: false });
		});

		it('requires view-livechat-manager', async () => {
			await request.delete(api(`livechat/users/agent/${candidate._id}`)).set(plainUser.credentials).expect(403);
		});
	});
});
