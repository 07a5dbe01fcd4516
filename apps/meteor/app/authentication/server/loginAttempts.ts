import { MeteorError } from '../../../lib/errors/MeteorError';
import type { RateLimitCounters } from '../../api/server/rateLimiter';

/** Just what the lockout reads from settings (Rocket.Chat's `Block_Multiple_Failed_Logins_*`). */
export interface SettingsReader {
	get<T>(_id: string): T;
}

const MS_PER_MINUTE = 60_000;

type Scope = 'user' | 'ip';

/** Who is trying: the account the lockout counts against (see `userAccount`) and the client address. */
export interface LoginAttempt {
	user?: string;
	ip: string;
}

/** The lockout's account key for an existing user; logins and second-factor codes count against it alike. */
export function userAccount(userId: string): string {
	return `id:${userId}`;
}

interface ScopeSettings {
	enabled: boolean;
	attempts: number;
	windowMs: number;
}

/**
 * Rocket.Chat's failed-login lockout (`Block_Multiple_Failed_Logins_*`): after
 * `Attempts_Until_Block` failures for one account (or from one address) within
 * `Time_To_Unblock` minutes, logins for it are refused for `Time_To_Unblock`
 * minutes, whether the password is right or not; a successful login clears the
 * count. Failures and blocks are counted in the limiter's counters (in
 * memory, or shared through MongoDB by every instance), under their own keys.
 * Also throttles second-factor codes: a wrong code counts against the account.
 *
 * @example await attempts.assertNotBlocked({ user: 'id:abc', ip: '203.0.113.9' });
 */
export class LoginAttempts {
	/** @param enabled false under TEST_MODE, which (like the route limiter) blocks nobody. */
	constructor(
		private readonly counters: RateLimitCounters,
		private readonly settings: SettingsReader,
		private readonly enabled: boolean,
	) {}

	/** Throws `error-login-blocked-for-ip` or `-for-user` while either is blocked; `details.seconds` says for how long. */
	async assertNotBlocked({ user, ip }: LoginAttempt, now = Date.now()): Promise<void> {
		for (const [scope, subject] of this.subjects(user, ip)) {
			const block = await this.counters.peek(blockKey(scope, subject), now);
			if (block) {
				const seconds = Math.max(1, Math.ceil((block.resetAt - now) / 1000));
				throw new MeteorError(`error-login-blocked-for-${scope}`, undefined, { seconds });
			}
		}
	}

	/** Counts a failure; the one that reaches the threshold starts the block. */
	async recordFailure({ user, ip }: LoginAttempt, now = Date.now()): Promise<void> {
		for (const [scope, subject] of this.subjects(user, ip)) {
			const { attempts, windowMs } = this.scopeSettings(scope);
			const failures = await this.counters.hit(failureKey(scope, subject), attempts, windowMs, now);
			if (failures.remaining === 0) {
				await this.counters.hit(blockKey(scope, subject), 1, windowMs, now);
				await this.counters.reset(failureKey(scope, subject));
			}
		}
	}

	/** A successful login forgets the failures counted so far (not an active block: that was checked first). */
	async recordSuccess({ user, ip }: LoginAttempt): Promise<void> {
		for (const [scope, subject] of this.subjects(user, ip)) {
			await this.counters.reset(failureKey(scope, subject));
		}
	}

	/** The scopes that are on for this attempt; an address on `Block_Multiple_Failed_Logins_Ip_Whitelist` is never blocked by address. */
	private subjects(user: string | undefined, ip: string): [Scope, string][] {
		if (!this.enabled || this.settings.get<boolean>('Block_Multiple_Failed_Logins_Enabled') !== true) {
			return [];
		}
		const subjects: [Scope, string][] = [];
		if (this.scopeSettings('ip').enabled && ip && !this.whitelist().includes(ip)) {
			subjects.push(['ip', ip]);
		}
		if (user !== undefined && this.scopeSettings('user').enabled) {
			subjects.push(['user', user]);
		}
		return subjects;
	}

	private whitelist(): string[] {
		return (this.settings.get<string>('Block_Multiple_Failed_Logins_Ip_Whitelist') ?? '')
			.split(',')
			.map((entry) => entry.trim())
			.filter(Boolean);
	}

	private scopeSettings(scope: Scope): ScopeSettings {
		// Rocket.Chat's ids are not uniform in case ("…_by_User", "…_By_Ip").
		const [name, attemptsId] = scope === 'user' ? ['User', 'Block_Multiple_Failed_Logins_Attempts_Until_Block_by_User'] : ['Ip', 'Block_Multiple_Failed_Logins_Attempts_Until_Block_By_Ip'];
		return {
			enabled: this.settings.get<boolean>(`Block_Multiple_Failed_Logins_By_${name}`) === true,
			attempts: this.settings.get<number>(attemptsId),
			windowMs: this.settings.get<number>(`Block_Multiple_Failed_Logins_Time_To_Unblock_By_${name}_In_Minutes`) * MS_PER_MINUTE,
		};
	}
}

function failureKey(scope: Scope, subject: string): string {
	return `login-failures:${scope}:${subject}`;
}

function blockKey(scope: Scope, subject: string): string {
	return `login-block:${scope}:${subject}`;
}
