import type { IUser } from '@rocket.chat/core-typings';
import type { Models } from '@omni/models';

import { hashedTokensEqual, hashLoginToken } from './loginTokens';

/**
 * The active user whose `_id` is `userId` and who holds a login token (or
 * personal access token) hashing to `token`; `undefined` for anything else.
 */
export async function authenticateRequest(models: Models, userId: string | undefined, token: string | undefined): Promise<IUser | undefined> {
	if (!userId || !token || typeof userId !== 'string' || typeof token !== 'string') {
		return undefined;
	}
	const hashedToken = hashLoginToken(token);
	const user = await models.Users.findOneByIdAndLoginToken(userId, hashedToken);
	if (!user || user.active === false) {
		return undefined;
	}
	// The indexed lookup found the user; confirm the token with a comparison that does not leak timing.
	const tokens = user.services?.resume?.loginTokens ?? [];
	return tokens.some((entry) => hashedTokensEqual(entry.hashedToken, hashedToken)) ? user : undefined;
}
