import type { IUser } from '@rocket.chat/core-typings';
import type { Models } from '@omni/model-typings';

import { hashedTokensEqual, hashLoginToken } from './loginTokens';

/**
 * The active user whose `_id` is `userId` and who holds a login token (or
 * personal access token) hashing to `token`; `undefined` for anything else.
 */
export async function authenticateRequest(models: Models, userId: string | undefined, token: string | undefined): Promise<IUser | undefined> {
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
	let matched = false;
	for (const entry of tokens) {
		matched = hashedTokensEqual(entry.hashedToken, hashedToken) || matched;
	}
	return matched ? user : undefined;
}
