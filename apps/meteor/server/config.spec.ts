import path from 'node:path';

import { expect } from 'chai';

import { DEFAULT_BODY_LIMIT, readConfig } from './config';

describe('readConfig', () => {
	it('has working defaults', () => {
		const config = readConfig({}, '/srv/app');
		expect(config).to.deep.equal({
			port: 3000,
			rootUrl: undefined,
			mongoUrl: undefined,
			dataDir: path.resolve('/srv/app', '.data'),
			logLevel: 'info',
			testMode: false,
			adminUsername: undefined,
			adminPassword: undefined,
			adminEmail: undefined,
			nodeEnv: undefined,
			instanceId: undefined,
			bodyLimit: DEFAULT_BODY_LIMIT,
			enterpriseModules: ['livechat-enterprise', 'contact-id-verification'],
		});
	});

	it('reads every variable', () => {
		const config = readConfig(
			{
				PORT: '4000',
				ROOT_URL: 'https://chat.example.com',
				MONGO_URL: 'mongodb://db/rc',
				DATA_DIR: 'data',
				LOG_LEVEL: 'debug',
				TEST_MODE: 'true',
				ADMIN_USERNAME: 'boss',
				ADMIN_PASS: 'secret',
				ADMIN_EMAIL: 'boss@example.com',
				NODE_ENV: 'production',
				INSTANCE_ID: 'node-1',
				BODY_LIMIT: '1024',
			},
			'/srv/app',
		);
		expect(config).to.deep.include({
			port: 4000,
			rootUrl: 'https://chat.example.com',
			mongoUrl: 'mongodb://db/rc',
			dataDir: '/srv/app/data',
			logLevel: 'debug',
			testMode: true,
			adminUsername: 'boss',
			adminPassword: 'secret',
			adminEmail: 'boss@example.com',
			nodeEnv: 'production',
			instanceId: 'node-1',
			bodyLimit: 1024,
		});
	});

	it('treats an empty, "false" or "0" TEST_MODE as off', () => {
		for (const value of ['', 'false', '0']) {
			expect(readConfig({ TEST_MODE: value }).testMode, value).to.equal(false);
		}
		expect(readConfig({ TEST_MODE: '1' }).testMode).to.equal(true);
	});

	it('turns Enterprise off with ENTERPRISE=false/0/off, on with true/1/on, or to a list of modules', () => {
		for (const value of ['false', '0', 'off', 'OFF']) {
			expect(readConfig({ ENTERPRISE: value }).enterpriseModules, value).to.deep.equal([]);
		}
		for (const value of ['true', '1', 'on']) {
			expect(readConfig({ ENTERPRISE: value }).enterpriseModules, value).to.have.members(['livechat-enterprise', 'contact-id-verification']);
		}
		expect(readConfig({ ENTERPRISE: 'livechat-enterprise' }).enterpriseModules).to.deep.equal(['livechat-enterprise']);
		expect(() => readConfig({ ENTERPRISE: 'livechat-enterprise,teams' })).to.throw('ENTERPRISE names an unknown module "teams"');
	});

	it('refuses a PORT or BODY_LIMIT that is not a non-negative integer', () => {
		expect(() => readConfig({ PORT: 'abc' })).to.throw('PORT must be a non-negative integer');
		expect(() => readConfig({ BODY_LIMIT: '-1' })).to.throw('BODY_LIMIT must be a non-negative integer');
	});
});
