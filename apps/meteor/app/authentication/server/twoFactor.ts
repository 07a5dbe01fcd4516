import type { IUser } from '@rocket.chat/core-typings';

import { ApiError, MeteorError } from '../../../lib/errors/MeteorError';
import { headerValue } from '../../../lib/utils/headerValue';
import { type LoginAttempts, userAccount } from './loginAttempts';
import { hashedTokensEqual, hashLoginToken } from './loginTokens';
import { checkPassword } from './password';

/** The only second factor this server offers: Rocket.Chat's password fallback. */
const PASSWORD_METHOD = 'password';

/** A personal access token created with `bypassTwoFactor: true` skips the check, as in Rocket.Chat. */
function tokenBypassesTwoFactor(user: IUser, authToken: string | undefined): boolean {
	if (!authToken) {
		return false;
	}
	const hashedToken = hashLoginToken(authToken);
	return (user.services?.resume?.loginTokens ?? []).some(
		(entry) => 'bypassTwoFactor' in entry && entry.bypassTwoFactor === true && hashedTokensEqual(entry.hashedToken, hashedToken),
	);
}

/**
 * Rocket.Chat's 2FA step for routes that declare `twoFactorRequired` (run after the permission check, as in Rocket.Chat),
 * with the password fallback as the method: the caller proves it again by sending
 * `X-2FA-Code: <sha-256 hex of the password>` and `X-2FA-Method: password`. A user
 * without a password has no method and passes. Throws Meteor-style `totp-required`
 * (no code) or `totp-invalid` (wrong code), which the error mapper renders as 400s.
 * TOTP and e-mail codes do not exist here; neither does "remember for 30 minutes".
 * With `attempts`, a wrong code counts as a failed login of the account (the
 * fallback code is the password), and while the account is locked out every
 * code is refused with 429 `error-too-many-requests` before it is checked.
 *
 * @example await assertTwoFactor(user, authToken, { 'x-2fa-code': sha256Hex(password), 'x-2fa-method': 'password' });
 */
export async function assertTwoFactor(
	user: IUser,
	authToken: string | undefined,
	headers: Record<string, string | string[] | undefined>,
	attempts?: LoginAttempts,
): Promise<void> {
	const bcryptHash = user.services?.password?.bcrypt;
	if (!bcryptHash || tokenBypassesTwoFactor(user, authToken)) {
		return;
	}
	// An empty header counts as absent.
	const code = headerValue(headers['x-2fa-code']) || undefined;
	const method = headerValue(headers['x-2fa-method']) || undefined;
	if (!code) {
		throw new MeteorError('totp-required', 'TOTP Required', { method: PASSWORD_METHOD, codeGenerated: false, availableMethods: [PASSWORD_METHOD] });
	}
	// Only the account counts: the address is the session's, already past its login.
	const attempt = { user: userAccount(user._id), ip: '' };
	await throttled(() => attempts?.assertNotBlocked(attempt));
	const valid = (method === undefined || method === PASSWORD_METHOD) && (await checkPassword({ digest: code, algorithm: 'sha-256' }, bcryptHash));
	if (!valid) {
		await attempts?.recordFailure(attempt);
		throw new MeteorError('totp-invalid', 'TOTP Invalid', { method: PASSWORD_METHOD });
	}
}

/** A lockout met on a second-factor route is Rocket.Chat's 429 with the wait, not a login answer. */
async function throttled(check: () => Promise<void> | undefined): Promise<void> {
	try {
		await check();
	} catch (error) {
		const blocked = error instanceof MeteorError && error.error.startsWith('error-login-blocked-for-');
		const seconds = blocked ? (error.details as { seconds?: number } | undefined)?.seconds : undefined;
		throw seconds === undefined ? error : new ApiError('error-too-many-requests', { seconds });
	}
}
