import { expect } from 'chai';

import { api, createUser, credentials, request, type TestUser } from '../../data/api-data';

const DEFAULTS: Record<string, unknown> = {
	Livechat_enabled: true,
	API_Enable_Rate_Limiter: true,
	API_Enable_Rate_Limiter_Dev: true,
	API_Enable_Rate_Limiter_Limit_Calls_Default: 10,
	API_Enable_Rate_Limiter_Limit_Time_Default: 60000,
	API_Default_Count: 50,
	API_Upper_Count_Limit: 100,
	API_Allow_Infinite_Count: true,
};

describe('[Settings]', () => {
	describe('GET settings/:_id', () => {
		for (const [_id, value] of Object.entries(DEFAULTS)) {
			it(`${_id} is seeded with its default`, async () => {
				const res = await request.get(api(`settings/${_id}`)).set(credentials).expect(200);
				expect(res.body).to.deep.equal({ _id, value, success: true });
			});
		}

		it('Resolved_Conflicts_Count is a number (other tests on the shared server may have resolved conflicts)', async () => {
			const res = await request.get(api('settings/Resolved_Conflicts_Count')).set(credentials).expect(200);
			expect(res.body).to.have.all.keys('_id', 'value', 'success');
			expect(res.body.value).to.be.a('number');
		});

		it('an unknown id → 400 {success:false}', async () => {
			const res = await request.get(api('settings/No_Such_Setting')).set(credentials).expect(400);
			expect(res.body).to.deep.equal({ success: false });
		});
	});

	describe('POST settings/:_id', () => {
		after(() => request.post(api('settings/API_Default_Count')).set(credentials).send({ value: 50 }));

		it('changes the value, visible on the next request', async () => {
			await request
				.post(api('settings/API_Default_Count'))
				.set(credentials)
				.send({ value: 3 })
				.expect(200)
				.expect((res) => expect(res.body).to.deep.equal({ success: true }));
			const res = await request.get(api('settings/API_Default_Count')).set(credentials).expect(200);
			expect(res.body.value).to.equal(3);
		});

		it('applies immediately to pagination (contacts.search count)', async () => {
			const res = await request.get(api('omnichannel/contacts.search')).set(credentials).expect(200);
			expect(res.body.count).to.equal(3);
		});

		it('an unknown id → 400 {success:false}', async () => {
			const res = await request.post(api('settings/No_Such_Setting')).set(credentials).send({ value: 1 }).expect(400);
			expect(res.body).to.deep.equal({ success: false });
		});

		it('a body without value → 400 {success:false}', async () => {
			const res = await request.post(api('settings/API_Default_Count')).set(credentials).send({}).expect(400);
			expect(res.body).to.deep.equal({ success: false });
		});

		it('a value of the wrong type → 400 error-invalid-setting-value, and the value is kept', async () => {
			const res = await request.post(api('settings/API_Default_Count')).set(credentials).send({ value: 'ten' }).expect(400);
			expect(res.body).to.include({ success: false, error: 'Invalid value for setting API_Default_Count [error-invalid-setting-value]' });
			const after = await request.get(api('settings/API_Default_Count')).set(credentials).expect(200);
			expect(after.body.value).to.equal(3);
		});
	});

	describe('permissions', () => {
		let user: TestUser;
		before(async () => {
			user = await createUser({ roles: ['user'] });
		});

		it('reading needs view-privileged-setting', async () => {
			await request.get(api('settings/API_Default_Count')).set(user.credentials).expect(403);
		});

		it('writing needs edit-privileged-setting', async () => {
			await request.post(api('settings/API_Default_Count')).set(user.credentials).send({ value: 1 }).expect(403);
		});
	});
});
