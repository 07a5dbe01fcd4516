import type { IUser } from '@rocket.chat/core-typings';

import { MeteorError } from '../../../lib/errors/MeteorError';
import { headerValue } from '../../../lib/utils/headerValue';
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
 *
 * @example await assertTwoFactor(user, authToken, { 'x-2fa-code': sha256Hex(password), 'x-2fa-method': 'password' });
 */
export async function assertTwoFactor(
	user: IUser,
	authToken: string | undefined,
	headers: Record<string, string | string[] | undefined>,
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
	const valid = (method === undefined || method === PASSWORD_METHOD) && (await checkPassword({ digest: code, algorithm: 'sha-256' }, bcryptHash));
	if (!valid) {
		throw new MeteorError('totp-invalid', 'TOTP Invalid', { method: PASSWORD_METHOD });
	}
}
