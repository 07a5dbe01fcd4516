import { isUserCreateParamsPOST, isUserSetActiveStatusParamsPOST, isUsersInfoParamsGetProps } from '@rocket.chat/rest-typings';

import { MeteorError } from '../../../../lib/errors/MeteorError';
import {
	generatePersonalAccessToken,
	listPersonalAccessTokens,
	removePersonalAccessToken,
} from '../../../authentication/server/personalAccessTokens';
import { createUser } from '../../../lib/server/functions/createUser';
import { deleteUser } from '../../../lib/server/functions/deleteUser';
import { getUserFromParams } from '../../../lib/server/functions/getUserFromParams';
import { getUserInfoForViewer } from '../../../lib/server/functions/getUserInfoForViewer';
import { setUserActiveStatus } from '../../../lib/server/functions/setUserActiveStatus';
import { API } from '../api';
import type { ActionContext } from '../definition';

API.v1.addRoute(
	'users.create',
	// `create-user` is checked by the domain function, which answers Rocket.Chat's 400 `error-action-not-allowed`.
	{ authRequired: true, validateParams: isUserCreateParamsPOST },
	{
		async post() {
			const userId = await createUser(this.models, this.authorization, this.user!, this.bodyParams as Parameters<typeof createUser>[3]);
			const user = await this.models.Users.findOneById(userId);
			return API.v1.success({ user: user && getUserInfoForViewer(user, true) });
		},
	},
);

API.v1.addRoute(
	'users.info',
	{ authRequired: true, validateParams: isUsersInfoParamsGetProps },
	{
		async get() {
			const { userId, username, email } = this.queryParams;
			const user = userId
				? await this.models.Users.findOneById(userId)
				: username
					? await this.models.Users.findOneByUsernameIgnoringCase(username)
					: email && (await this.models.Users.findOneByEmailAddress(email));
			if (!user) {
				return API.v1.failure('User not found.');
			}
			const fullAccess = user._id === this.userId || (await this.authorization.hasAllPermission(this.user!, ['view-full-other-user-info']));
			return API.v1.success({ user: getUserInfoForViewer(user, fullAccess) });
		},
	},
);

API.v1.addRoute(
	'users.delete',
	{ authRequired: true, permissionsRequired: ['delete-user'] },
	{
		async post() {
			const user = await getUserFromParams(this.models.Users, this.bodyParams);
			await deleteUser(this.models.Users, user._id);
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
			await setUserActiveStatus(this.models.Users, userId, activeStatus);
			const user = await this.models.Users.findOneById(userId, { projection: { active: 1 } });
			if (!user) {
				return API.v1.failure('User not found');
			}
			return API.v1.success({ user: { _id: user._id, active: user.active } });
		},
	},
);

/** Personal access tokens need `create-personal-access-tokens`; Rocket.Chat refuses with a 400 `not-authorized`. */
async function assertMayUseAccessTokens(ctx: ActionContext, method: string): Promise<void> {
	if (!(await ctx.authorization.hasAllPermission(ctx.user!, ['create-personal-access-tokens']))) {
		throw new MeteorError('not-authorized', 'Not Authorized', { method });
	}
}

function requiredTokenName(ctx: ActionContext): string | undefined {
	const { tokenName } = ctx.bodyParams;
	return typeof tokenName === 'string' && tokenName ? tokenName : undefined;
}

API.v1.addRoute(
	'users.generatePersonalAccessToken',
	// Rocket.Chat asks for a second factor before minting a long-lived credential.
	{ authRequired: true, twoFactorRequired: true },
	{
		async post() {
			const tokenName = requiredTokenName(this);
			if (!tokenName) {
				return API.v1.failure("The 'tokenName' param is required");
			}
			await assertMayUseAccessTokens(this, 'personalAccessTokens:generateToken');
			const { bypassTwoFactor } = this.bodyParams;
			const token = await generatePersonalAccessToken(this.models.Users, {
				userId: this.userId!,
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
			await assertMayUseAccessTokens(this, 'personalAccessTokens:getTokens');
			return API.v1.success({ tokens: await listPersonalAccessTokens(this.models.Users, this.userId!) });
		},
	},
);

API.v1.addRoute(
	'users.removePersonalAccessToken',
	// Rocket.Chat asks for a second factor before a credential is revoked too.
	{ authRequired: true, twoFactorRequired: true },
	{
		async post() {
			const tokenName = requiredTokenName(this);
			if (!tokenName) {
				return API.v1.failure("The 'tokenName' param is required");
			}
			await assertMayUseAccessTokens(this, 'personalAccessTokens:removeToken');
			await removePersonalAccessToken(this.models.Users, { userId: this.userId!, tokenName });
			return API.v1.success();
		},
	},
);
