import type { IUser } from '@rocket.chat/core-typings';

/** The user fields Rocket.Chat shows the user themself (its `getDefaultUserFields`). */
const SELF_VISIBLE_FIELDS = [
	'_id',
	'name',
	'username',
	'nickname',
	'emails',
	'status',
	'statusDefault',
	'statusText',
	'statusConnection',
	'bio',
	'avatarOrigin',
	'utcOffset',
	'language',
	'enableAutoAway',
	'idleTimeLimit',
	'roles',
	'active',
	'defaultRoom',
	'customFields',
	'requirePasswordChange',
	'requirePasswordChangeReason',
	'statusLivechat',
	'banners',
	'_updatedAt',
	'avatarETag',
	'extension',
	'openBusinessHours',
] as const;

/**
 * What `GET me` and the login response's `me` show: the user's own public
 * fields, the verified email, preferences, and `services` reduced to flags
 * (`password: {exists: true}`) so no secret ever leaves the server.
 */
export function getUserInfo(user: IUser): Record<string, unknown> {
	const info: Record<string, unknown> = {};
	for (const field of SELF_VISIBLE_FIELDS) {
		if (user[field as keyof IUser] !== undefined) {
			info[field] = user[field as keyof IUser];
		}
	}
	const verifiedEmail = user.emails?.find(({ verified }) => verified);
	if (verifiedEmail) {
		info.email = verifiedEmail.address;
	}
	info.settings = { profile: {}, preferences: { ...user.settings?.preferences } };
	info.isOAuthUser = false;
	if (user.services) {
		info.services = { ...(user.services.password?.bcrypt && { password: { exists: true } }) };
	}
	return info;
}
