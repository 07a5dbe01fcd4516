import type { IUser } from '@rocket.chat/core-typings';

import { MeteorError } from '../../../../lib/errors/MeteorError';
import type { Deps } from '../deps';

/** Resolves the `userId` or `username` a route received, as Rocket.Chat's `getUserFromParams` does. */
export async function getUserFromParams({ models: { Users } }: Pick<Deps, 'models'>, params: { userId?: unknown; username?: unknown; user?: unknown }): Promise<IUser> {
	const userId = typeof params.userId === 'string' ? params.userId.trim() : '';
	const username = typeof params.username === 'string' ? params.username.trim() : typeof params.user === 'string' ? params.user.trim() : '';
	let user: IUser | null = null;
	if (userId) {
		user = await Users.findOneById(userId);
	} else if (username) {
		user = await Users.findOneByUsernameIgnoringCase(username);
	} else {
		throw new MeteorError('error-user-param-not-provided', 'The required "userId" or "username" param was not provided');
	}
	if (!user) {
		throw new MeteorError('error-invalid-user', 'The required "userId" or "username" param provided does not match any users');
	}
	return user;
}
