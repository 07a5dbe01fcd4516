import type { IUser } from '@rocket.chat/core-typings';
import type { Models } from '@omni/model-typings';

import { headerValue } from '../../../lib/utils/headerValue';
import { daysToMs, DEFAULT_LOGIN_EXPIRATION_DAYS, isLoginTokenExpired, loginExpirationMs } from './loginExpiration';
import { hashedTokensEqual, hashLoginToken } from './loginTokens';

/** Who a request is authenticated as, and the raw token it used (logout and 2FA need it). */
export interface RequestAuth {
	user: IUser;
	authToken: string;
}

/**
 * The active user whose `_id` is `userId` and who holds a login token (or
 * personal access token) hashing to `token`; `undefined` for anything else,
 * including a session token older than `maxTokenAgeMs` (`Accounts_LoginExpiration`).
 * Personal access tokens never expire.
 */
export async function authenticateRequest(
	models: Models,
	userId: string | undefined,
	token: string | undefined,
	maxTokenAgeMs = daysToMs(DEFAULT_LOGIN_EXPIRATION_DAYS),
): Promise<IUser | undefined> {
	if (!userId || !token || typeof userId !== 'string' || typeof token !== 'string') {
		return undefined;
	}
	// Looked up by primary key, then every stored hash is compared in constant time:
	// the database never compares the secret-derived value, so no timing reaches it.
	const user = await models.Users.findOneById(userId);
	if (!user || user.active === false) {
		return undefined;
	}
	const hashedToken = hashLoginToken(token);
	const tokens = user.services?.resume?.loginTokens ?? [];
	let matched: (typeof tokens)[number] | undefined;
	for (const entry of tokens) {
		if (hashedTokensEqual(entry.hashedToken, hashedToken)) {
			matched = entry;
		}
	}
	return matched && !isLoginTokenExpired(matched, maxTokenAgeMs, Date.now()) ? user : undefined;
}

/**
 * Authenticates from `X-User-Id` and `X-Auth-Token` alone, so it can run before
 * the body is read, honouring `Accounts_LoginExpiration` as it stands now.
 */
export async function authenticateHeaders(
	models: Models,
	settings: { get<T>(_id: string): T },
	headers: Record<string, string | string[] | undefined>,
): Promise<RequestAuth | undefined> {
	const authToken = headerValue(headers['x-auth-token']);
	const user = await authenticateRequest(models, headerValue(headers['x-user-id']), authToken, loginExpirationMs(settings));
	return user && authToken ? { user, authToken } : undefined;
}
