import { randomBytes } from 'node:crypto';

import { expect } from 'chai';

import { api, credentials, login, request } from '../../data/api-data';

function createBody(username: string, email: string) {
	return { username, email, password: 'uniqueness-pass', name: username };
}

describe('[Users] usernames and emails are unique regardless of case', () => {
	it('lets exactly one of five concurrent case-variant creates win; the others get Rocket.Chat’s error, and the winner can log in', async () => {
		const base = `case.${randomBytes(4).toString('hex')}`;
		const variants = [base, base.toUpperCase(), `C${base.slice(1)}`, `${base.slice(0, -1)}${base.slice(-1).toUpperCase()}`, `cA${base.slice(2)}`];
		const responses = await Promise.all(variants.map((username, i) => request.post(api('users.create')).set(credentials).send(createBody(username, `${username}.${i}@example.com`))));
		const winners = responses.filter((res) => res.status === 200);
		expect(winners).to.have.lengthOf(1);
		for (const res of responses.filter((candidate) => candidate.status !== 200)) {
			expect(res.status).to.equal(400);
			expect(res.body.errorType).to.equal('error-field-unavailable');
			expect(res.body.error).to.match(/^\S+ is already in use :\( \[error-field-unavailable\]$/);
			expect(JSON.stringify(res.body)).not.to.include('E11000');
		}
		const winner = winners[0].body.user.username;
		await login(winner.toUpperCase(), 'uniqueness-pass');
		expect(winners[0].body.user).not.to.have.any.keys('usernameLowerCase', 'emailsLowerCase', 'services');
	});

	it('refuses an exact duplicate and an email differing only in case with the same error, never the E11000 text', async () => {
		const username = `dup.${randomBytes(4).toString('hex')}`;
		await request.post(api('users.create')).set(credentials).send(createBody(username, `${username}@example.com`)).expect(200);
		const exact = await request.post(api('users.create')).set(credentials).send(createBody(username, `other.${username}@example.com`)).expect(400);
		expect(exact.body).to.deep.include({ success: false, error: `${username} is already in use :( [error-field-unavailable]`, errorType: 'error-field-unavailable' });
		const email = `${username.toUpperCase()}@EXAMPLE.com`;
		const sameEmail = await request.post(api('users.create')).set(credentials).send(createBody(`x${username}`, email)).expect(400);
		expect(sameEmail.body.error).to.equal(`${email} is already in use :( [error-field-unavailable]`);
	});

	it('races on the email too: concurrent creates with case variants of one address make one user', async () => {
		const address = `race.${randomBytes(4).toString('hex')}@example.com`;
		const responses = await Promise.all(
			[address, address.toUpperCase(), address.replace('race', 'RACE')].map((email, i) =>
				request.post(api('users.create')).set(credentials).send(createBody(`racer${i}.${randomBytes(3).toString('hex')}`, email)),
			),
		);
		expect(responses.map((res) => res.status).sort()).to.deep.equal([200, 400, 400]);
		for (const res of responses.filter((candidate) => candidate.status === 400)) {
			expect(res.body.error).to.match(/ is already in use :\( \[error-field-unavailable\]$/i);
		}
	});
});
