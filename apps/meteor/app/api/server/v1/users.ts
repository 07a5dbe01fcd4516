import type { IUser, UserStatus } from '@rocket.chat/core-typings';
import { isUserCreateParamsPOST, isUserSetActiveStatusParamsPOST, isUsersInfoParamsGetProps } from '@rocket.chat/rest-typings';

import { ApiError, MeteorError } from '../../../../lib/errors/MeteorError';
import {
	generatePersonalAccessToken,
	listPersonalAccessTokens,
	removePersonalAccessToken,
} from '../../../authentication/server/personalAccessTokens';
import type { Deps } from '../../../lib/server/deps';
import { createUser } from '../../../lib/server/functions/createUser';
import { deleteUser } from '../../../lib/server/functions/deleteUser';
import { getUserFromParams } from '../../../lib/server/functions/getUserFromParams';
import { getUserInfoForViewer } from '../../../lib/server/functions/getUserInfoForViewer';
import { setUserActiveStatus } from '../../../lib/server/functions/setUserActiveStatus';
import { API } from '../api';
import { checkStringKeys } from '../matchCheck';

API.v1.addRoute(
	'users.create',
	// `create-user` is checked by the domain function, which answers Rocket.Chat's 400 `error-action-not-allowed`.
	{ authRequired: true, validateParams: isUserCreateParamsPOST },
	{
		async post() {
			const userId = await createUser(this.deps, this.user, this.bodyParams);
			const user = await this.deps.models.Users.findOneById(userId);
			return API.v1.success({ user: user && getUserInfoForViewer(user, true) });
		},
	},
);

API.v1.addRoute(
	'users.info',
	{ authRequired: true, validateParams: isUsersInfoParamsGetProps },
	{
		async get() {
			const query = this.queryParams;
			const { Users } = this.deps.models;
			const user =
				'userId' in query
					? await Users.findOneById(query.userId)
					: 'username' in query
						? await Users.findOneByUsernameIgnoringCase(query.username)
						: 'email' in query && (await Users.findOneByEmailAddress(query.email));
			if (!user) {
				return API.v1.failure('User not found.');
			}
			const fullAccess = user._id === this.userId || (await this.deps.authorization.hasAllPermission(this.user, ['view-full-other-user-info']));
			return API.v1.success({ user: getUserInfoForViewer(user, fullAccess) });
		},
	},
);

API.v1.addRoute(
	'users.delete',
	{ authRequired: true, permissionsRequired: ['delete-user'] },
	{
		async post() {
			const user = await getUserFromParams(this.deps, this.bodyParams);
			await deleteUser(this.deps, user._id);
			return API.v1.success();
		},
	},
);

API.v1.addRoute(
	'users.setActiveStatus',
	{
		authRequired: true,
		validateParams: isUserSetActiveStatusParamsPOST,
		permissionsRequired: { POST: { operation: 'hasAny', permissions: ['edit-other-user-active-status', 'manage-moderation-actions'] } },
	},
	{
		async post() {
			const { userId, activeStatus } = this.bodyParams;
			await setUserActiveStatus(this.deps, userId, activeStatus);
			const user = await this.deps.models.Users.findOneById(userId, { projection: { active: 1 } });
			if (!user) {
				return API.v1.failure('User not found');
			}
			return API.v1.success({ user: { _id: user._id, active: user.active } });
		},
	},
);

/** Personal access tokens need `create-personal-access-tokens`; Rocket.Chat refuses with a 400 `not-authorized`. */
async function assertMayUseAccessTokens({ authorization }: Deps, user: IUser, method: string): Promise<void> {
	if (!(await authorization.hasAllPermission(user, ['create-personal-access-tokens']))) {
		throw new MeteorError('not-authorized', 'Not Authorized', { method });
	}
}

/** The body's `tokenName`; Rocket.Chat answers a missing one with a plain 400. */
function requiredTokenName({ tokenName }: Record<string, unknown>): string {
	if (typeof tokenName !== 'string' || !tokenName) {
		throw new ApiError('error-token-name-required');
	}
	return tokenName;
}

API.v1.addRoute(
	'users.generatePersonalAccessToken',
	// Rocket.Chat asks for a second factor before minting a long-lived credential.
	{ authRequired: true, twoFactorRequired: true },
	{
		async post() {
			const tokenName = requiredTokenName(this.bodyParams);
			await assertMayUseAccessTokens(this.deps, this.user, 'personalAccessTokens:generateToken');
			const { bypassTwoFactor } = this.bodyParams;
			const token = await generatePersonalAccessToken(this.deps, {
				userId: this.userId,
				tokenName,
				bypassTwoFactor: typeof bypassTwoFactor === 'boolean' ? bypassTwoFactor : undefined,
			});
			return API.v1.success({ token });
		},
	},
);

API.v1.addRoute(
	'users.getPersonalAccessTokens',
	{ authRequired: true },
	{
		async get() {
			await assertMayUseAccessTokens(this.deps, this.user, 'personalAccessTokens:getTokens');
			return API.v1.success({ tokens: await listPersonalAccessTokens(this.deps, this.userId) });
		},
	},
);

API.v1.addRoute(
	'users.removePersonalAccessToken',
	// Rocket.Chat asks for a second factor before a credential is revoked too.
	{ authRequired: true, twoFactorRequired: true },
	{
		async post() {
			const tokenName = requiredTokenName(this.bodyParams);
			await assertMayUseAccessTokens(this.deps, this.user, 'personalAccessTokens:removeToken');
			await removePersonalAccessToken(this.deps, { userId: this.userId, tokenName });
			return API.v1.success();
		},
	},
);

const USER_STATUSES: readonly string[] = ['online', 'away', 'offline', 'busy'];

function isUserStatus(status: string): status is UserStatus {
	return USER_STATUSES.includes(status);
}
/** Rocket.Chat keeps status messages to 120 characters. */
const STATUS_TEXT_MAX_LENGTH = 120;

API.v1.addRoute(
	'users.setStatus',
	{ authRequired: true },
	{
		async post() {
			checkStringKeys(this.bodyParams, { status: { optional: true }, message: { optional: true }, userId: { optional: true }, username: { optional: true } });
			if (!this.deps.settings.get<boolean>('Accounts_AllowUserStatusMessageChange')) {
				throw new MeteorError('error-not-allowed', 'Change status is not allowed', { method: 'users.setStatus' });
			}
			const { status, message, userId, username } = this.bodyParams;
			const caller = this.user;
			const targetsOther = (userId && userId !== caller._id) || (username && username !== caller.username);
			if (targetsOther && !(await this.deps.authorization.hasAllPermission(caller, ['edit-other-user-info']))) {
				return API.v1.forbidden();
			}
			const user = targetsOther ? await getUserFromParams(this.deps, this.bodyParams) : caller;
			if (status !== undefined && status !== null) {
				if (!isUserStatus(status)) {
					throw new MeteorError('error-invalid-status', 'Valid status types include online, away, offline, and busy.', { method: 'users.setStatus' });
				}
				if (status === 'offline' && !this.deps.settings.get<boolean>('Accounts_AllowInvisibleStatusOption')) {
					throw new MeteorError('error-status-not-allowed', 'Invisible status is disabled', { method: 'users.setStatus' });
				}
			}
			await this.deps.models.Users.setStatus(user._id, {
				...(status && isUserStatus(status) && { status }),
				...(typeof message === 'string' && { statusText: message.trim().slice(0, STATUS_TEXT_MAX_LENGTH) }),
			});
			return API.v1.success();
		},
	},
);
