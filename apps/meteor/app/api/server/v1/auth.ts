import { getUserInfo } from '../../../authentication/server/getUserInfo';
import { login } from '../../../authentication/server/login';
import { hashLoginToken } from '../../../authentication/server/loginTokens';
import { API } from '../api';
import type { Action, RouteResult } from '../definition';

/** Every login failure looks the same, so callers cannot probe which usernames exist. */
const LOGIN_FAILED: RouteResult = {
	statusCode: 401,
	body: { success: false, status: 'error', error: 'Unauthorized', message: 'Unauthorized' },
};

API.v1.addRoute(
	'login',
	{ authRequired: false },
	{
		async post() {
			let result: Awaited<ReturnType<typeof login>>;
			try {
				result = await login(this.models, this.bodyParams);
			} catch (error) {
				// Not a credentials problem (e.g. the store failed): say so, instead of a misleading 401.
				this.logger.error({ err: error }, 'login failed unexpectedly');
				return API.v1.internalError();
			}
			if (!result) {
				return LOGIN_FAILED;
			}
			return API.v1.success({
				status: 'success',
				data: { userId: result.user._id, authToken: result.authToken, me: getUserInfo(result.user) },
			});
		},
	},
);

/** Ends only the session that calls it: the token it authenticated with is pulled. */
const logout: Action = async function () {
	await this.models.Users.removeLoginToken(this.userId!, hashLoginToken(this.authToken!));
	return { statusCode: 200, body: { status: 'success', data: { message: "You've been logged out!" } } };
};

API.v1.addRoute('logout', { authRequired: true }, { get: logout, post: logout });

API.v1.addRoute(
	'me',
	{ authRequired: true },
	{
		async get() {
			return API.v1.success(getUserInfo(this.user!));
		},
	},
);
