import type { IUser } from '@rocket.chat/core-typings';

/** What anyone may see of another user (Rocket.Chat's default `users.info` fields). */
const PUBLIC_FIELDS = [
	'_id',
	'name',
	'username',
	'nickname',
	'status',
	'utcOffset',
	'type',
	'active',
	'bio',
	'reason',
	'statusText',
	'avatarETag',
	'extension',
	'federated',
	'statusLivechat',
] as const;

/**
 * `users.info`'s view of a user: everything but `services` (and internal keys) for the user
 * themself or a viewer with `view-full-other-user-info`, the public fields
 * for anyone else.
 */
export function getUserInfoForViewer(user: IUser, fullAccess: boolean): Record<string, unknown> {
	if (fullAccess) {
		// The lower-cased identity keys only back the Users model's unique indexes (packages/models Users.ts).
		const { services: _secrets, usernameLowerCase: _username, emailsLowerCase: _emails, ...visible } = user as IUser & { usernameLowerCase?: string; emailsLowerCase?: string[] };
		return visible;
	}
	const visible: Record<string, unknown> = {};
	for (const field of PUBLIC_FIELDS) {
		if (user[field as keyof IUser] !== undefined) {
			visible[field] = user[field as keyof IUser];
		}
	}
	return visible;
}
