import { ApiError, MeteorError } from '../../../../lib/errors/MeteorError';
import { getUserInfo } from '../../../authentication/server/getUserInfo';
import { login } from '../../../authentication/server/login';
import { hashLoginToken } from '../../../authentication/server/loginTokens';
import type { Deps } from '../../../lib/server/deps';
import { API } from '../api';
import { isServiceUnavailable } from '../errors/errorExposure';
import type { RouteResult } from '../definition';

API.v1.addRoute(
	'login',
	{ authRequired: false },
	{
		async post() {
			let result: Awaited<ReturnType<typeof login>>;
			try {
				result = await login(this.deps, this.bodyParams, { clientIp: this.clientIp });
			} catch (error) {
				// A lockout (Meteor-style) and a database that cannot serve (503) answer as themselves.
				if (error instanceof MeteorError || isServiceUnavailable(error)) {
					throw error;
				}
				// Not a credentials problem: say so, instead of a misleading 401.
				this.deps.logger.error({ err: error }, 'login failed unexpectedly');
				throw new ApiError('internal-error');
			}
			if (!result) {
				// Every login failure looks the same, so callers cannot probe which usernames exist.
				throw new ApiError('login-failed');
			}
			return API.v1.success({
				status: 'success',
				data: { userId: result.user._id, authToken: result.authToken, me: getUserInfo(result.user) },
			});
		},
	},
);

/** Ends only the session that calls it: the token it authenticated with is pulled. */
async function logout({ deps, userId, authToken }: { deps: Deps; userId: string; authToken: string }): Promise<RouteResult> {
	await deps.models.Users.removeLoginToken(userId, hashLoginToken(authToken));
	return { statusCode: 200, body: { status: 'success', data: { message: "You've been logged out!" } } };
}

API.v1.addRoute(
	'logout',
	{ authRequired: true },
	{
		get() {
			return logout(this);
		},
		post() {
			return logout(this);
		},
	},
);

API.v1.addRoute(
	'me',
	{ authRequired: true },
	{
		async get() {
			return API.v1.success(getUserInfo(this.user));
		},
	},
);
