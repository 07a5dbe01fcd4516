import { availableParallelism } from 'node:os';
import path from 'node:path';

import { expect } from 'chai';

import { DEFAULT_BODY_LIMIT, DEFAULT_HTTP_LIMITS, DEFAULT_RATE_LIMITER_MAX_ENTRIES, readConfig } from './config';

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
			bindIp: '0.0.0.0',
			trustedProxies: '',
			http: DEFAULT_HTTP_LIMITS,
			rateLimiterMaxEntries: DEFAULT_RATE_LIMITER_MAX_ENTRIES,
			passwordHashWorkers: Math.max(1, availableParallelism() - 1),
			enterpriseModules: ['livechat-enterprise', 'contact-id-verification'],
		});
		expect(DEFAULT_BODY_LIMIT).to.equal(1024 * 1024);
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
				BIND_IP: '127.0.0.1',
				TRUSTED_PROXIES: '10.0.0.0/8, loopback',
				HTTP_REQUEST_TIMEOUT_MS: '5000',
				HTTP_HEADERS_TIMEOUT_MS: '2000',
				HTTP_KEEP_ALIVE_TIMEOUT_MS: '3000',
				MAX_CONNECTIONS_PER_IP: '0',
				RATE_LIMITER_MAX_ENTRIES: '500',
				PASSWORD_HASH_WORKERS: '3',
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
			bindIp: '127.0.0.1',
			trustedProxies: '10.0.0.0/8, loopback',
			http: { requestTimeoutMs: 5000, headersTimeoutMs: 2000, keepAliveTimeoutMs: 3000, maxConnectionsPerIp: 0 },
			rateLimiterMaxEntries: 500,
			passwordHashWorkers: 3,
		});
	});

	it('keeps the headers timeout within the request timeout, as Node requires', () => {
		expect(readConfig({ HTTP_REQUEST_TIMEOUT_MS: '1000', HTTP_HEADERS_TIMEOUT_MS: '5000' }).http.headersTimeoutMs).to.equal(1000);
	});

	it('refuses an invalid TRUSTED_PROXIES entry and zero timeouts or worker counts', () => {
		expect(() => readConfig({ TRUSTED_PROXIES: 'proxy.local' })).to.throw('TRUSTED_PROXIES: "proxy.local" is not an IP address or CIDR range');
		expect(() => readConfig({ HTTP_REQUEST_TIMEOUT_MS: '0' })).to.throw('HTTP_REQUEST_TIMEOUT_MS must be an integer of at least 1');
		expect(() => readConfig({ PASSWORD_HASH_WORKERS: '0' })).to.throw('PASSWORD_HASH_WORKERS must be an integer of at least 1');
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
