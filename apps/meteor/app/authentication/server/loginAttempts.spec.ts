import { expect } from 'chai';

import { MeteorError } from '../../../lib/errors/MeteorError';
import { RateLimiter } from '../../api/server/rateLimiter';
import { LoginAttempts, userAccount } from './loginAttempts';

const DEFAULTS: Record<string, unknown> = {
	Block_Multiple_Failed_Logins_Enabled: true,
	Block_Multiple_Failed_Logins_By_User: true,
	Block_Multiple_Failed_Logins_Attempts_Until_Block_by_User: 3,
	Block_Multiple_Failed_Logins_Time_To_Unblock_By_User_In_Minutes: 5,
	Block_Multiple_Failed_Logins_By_Ip: true,
	Block_Multiple_Failed_Logins_Attempts_Until_Block_By_Ip: 5,
	Block_Multiple_Failed_Logins_Time_To_Unblock_By_Ip_In_Minutes: 1,
	Block_Multiple_Failed_Logins_Ip_Whitelist: '',
};

async function blockedCode(check: Promise<void>): Promise<{ code: string; seconds: number } | undefined> {
	try {
		await check;
	} catch (error) {
		expect(error).to.be.instanceOf(MeteorError);
		return { code: (error as MeteorError).error, seconds: ((error as MeteorError).details as { seconds: number }).seconds };
	}
	return undefined;
}

describe('LoginAttempts (Block_Multiple_Failed_Logins_*)', () => {
	let counters: RateLimiter;
	let values: Record<string, unknown>;
	let attempts: LoginAttempts;
	const settings = { get: <T>(id: string) => values[id] as T };

	beforeEach(() => {
		counters = new RateLimiter();
		values = { ...DEFAULTS };
		attempts = new LoginAttempts(counters, settings, true);
	});

	afterEach(() => counters.stop());

	it('blocks an account after Attempts_Until_Block failures, for Time_To_Unblock minutes from then', async () => {
		const attempt = { user: userAccount('u1'), ip: '203.0.113.1' };
		for (let i = 0; i < 2; i++) {
			await attempts.recordFailure(attempt, 1_000 + i);
		}
		expect(await blockedCode(attempts.assertNotBlocked(attempt, 2_000))).to.equal(undefined);
		await attempts.recordFailure(attempt, 10_000);
		expect(await blockedCode(attempts.assertNotBlocked({ user: userAccount('u1'), ip: '198.51.100.2' }, 10_001))).to.deep.equal({
			code: 'error-login-blocked-for-user',
			seconds: 300,
		});
		expect(await blockedCode(attempts.assertNotBlocked(attempt, 10_000 + 5 * 60_000))).to.equal(undefined);
	});

	it('blocks an address after its own threshold, whatever the accounts tried', async () => {
		for (let i = 0; i < 5; i++) {
			await attempts.recordFailure({ user: `name:user${i}`, ip: '203.0.113.9' }, 0);
		}
		expect(await blockedCode(attempts.assertNotBlocked({ user: 'name:someone-else', ip: '203.0.113.9' }, 1))).to.deep.equal({
			code: 'error-login-blocked-for-ip',
			seconds: 60,
		});
		expect(await blockedCode(attempts.assertNotBlocked({ user: 'name:someone-else', ip: '203.0.113.10' }, 1))).to.equal(undefined);
	});

	it('forgets the failures after a successful login', async () => {
		const attempt = { user: userAccount('u1'), ip: '203.0.113.1' };
		await attempts.recordFailure(attempt, 0);
		await attempts.recordFailure(attempt, 0);
		await attempts.recordSuccess(attempt);
		await attempts.recordFailure(attempt, 0);
		expect(await blockedCode(attempts.assertNotBlocked(attempt, 1))).to.equal(undefined);
	});

	it('never blocks a whitelisted address, nor anything when disabled, per scope, or when constructed off (TEST_MODE)', async () => {
		values.Block_Multiple_Failed_Logins_Ip_Whitelist = '10.0.0.1, 203.0.113.9';
		values.Block_Multiple_Failed_Logins_By_User = false;
		for (let i = 0; i < 10; i++) {
			await attempts.recordFailure({ user: userAccount('u1'), ip: '203.0.113.9' }, 0);
		}
		expect(await blockedCode(attempts.assertNotBlocked({ user: userAccount('u1'), ip: '203.0.113.9' }, 1))).to.equal(undefined);

		values = { ...DEFAULTS, Block_Multiple_Failed_Logins_Enabled: false };
		for (let i = 0; i < 10; i++) {
			await attempts.recordFailure({ user: userAccount('u2'), ip: '203.0.113.7' }, 0);
		}
		expect(await blockedCode(attempts.assertNotBlocked({ user: userAccount('u2'), ip: '203.0.113.7' }, 1))).to.equal(undefined);

		values = { ...DEFAULTS };
		const off = new LoginAttempts(counters, settings, false);
		for (let i = 0; i < 10; i++) {
			await off.recordFailure({ user: userAccount('u3'), ip: '203.0.113.8' }, 0);
		}
		expect(await blockedCode(off.assertNotBlocked({ user: userAccount('u3'), ip: '203.0.113.8' }, 1))).to.equal(undefined);
	});
});
