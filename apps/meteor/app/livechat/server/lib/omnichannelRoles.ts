import type { IUser } from '@rocket.chat/core-typings';

import { ApiError } from '../../../../lib/errors/MeteorError';
import type { Deps } from '../../../lib/server/deps';

/** The role each `livechat/users/:type` manages. */
const ROLE_BY_TYPE: Record<string, 'livechat-agent' | 'livechat-manager'> = {
	agent: 'livechat-agent',
	manager: 'livechat-manager',
};

export type OmnichannelRole = (typeof ROLE_BY_TYPE)[string];

/** Maps the `:type` URL parameter to its role; any other type is refused as Rocket.Chat does. */
export function roleForType(type: string): OmnichannelRole {
	const role = Object.prototype.hasOwnProperty.call(ROLE_BY_TYPE, type) ? ROLE_BY_TYPE[type] : undefined;
	if (!role) {
		throw new ApiError('error-invalid-omnichannel-user-type');
	}
	return role;
}

/** The fields `livechat/users/*` show of an agent or manager. */
export const OMNICHANNEL_USER_PROJECTION = { _id: 1, username: 1, name: 1, status: 1, statusLivechat: 1, emails: 1, livechat: 1 } as const;

/**
 * Grants an omnichannel role by username. A new agent becomes an operator
 * and is available unless the user is offline.
 */
export async function addOmnichannelUser({ models: { Users } }: Pick<Deps, 'models'>, role: OmnichannelRole, username: string): Promise<Pick<IUser, '_id' | 'username'>> {
	const user = await Users.findOneByUsername(username, { projection: { _id: 1, username: 1, status: 1 } });
	if (!user) {
		throw new ApiError('error-omnichannel-user-not-found');
	}
	await Users.addRoles(user._id, [role]);
	if (role === 'livechat-agent') {
		await Users.setOperator(user._id, true);
		await Users.setLivechatStatus(user._id, user.status === 'offline' ? 'not-available' : 'available');
	}
	return { _id: user._id, username: user.username };
}

/**
 * Revokes an omnichannel role; `false` when the user does not exist. An agent
 * losing its role also stops being the contact manager of visitors (spec §5.18).
 */
export async function removeOmnichannelUser(
	{ models: { Users, LivechatVisitors } }: Pick<Deps, 'models'>,
	role: OmnichannelRole,
	userId: string,
): Promise<boolean> {
	const user = await Users.findOneById(userId, { projection: { _id: 1, username: 1 } });
	if (!user) {
		return false;
	}
	await Users.removeRoles(userId, [role]);
	if (role === 'livechat-agent') {
		await Users.setOperator(userId, false);
		await Users.setLivechatStatus(userId, 'not-available');
		if (user.username) {
			await LivechatVisitors.unsetContactManagerByUsername(user.username);
		}
	}
	return true;
}

/** One page of the users holding `role`, Rocket.Chat's `{users, count, offset, total}`. */
export async function findOmnichannelUsers(
	{ models: { Users } }: Pick<Deps, 'models'>,
	role: OmnichannelRole,
	{ text, onlyAvailable, excludeId }: { text?: string; onlyAvailable?: boolean; excludeId?: string },
	{ offset, count, sort }: { offset: number; count: number; sort?: Record<string, 1 | -1> },
): Promise<{ users: IUser[]; count: number; offset: number; total: number }> {
	const filter = { text, onlyAvailable, excludeId };
	const [users, total] = await Promise.all([
		Users.findUsersInRole(role, filter, { projection: OMNICHANNEL_USER_PROJECTION, sort: sort ?? { name: 1 }, skip: offset, ...(count > 0 && { limit: count }) }).toArray(),
		Users.countUsersInRole(role, filter),
	]);
	return { users, count: users.length, offset, total };
}
