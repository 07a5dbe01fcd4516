import { ApiError, MeteorError } from '../../../../lib/errors/MeteorError';
import { applyPermissionUpdates, assertPermissionUpdatesValid, isPermissionsUpdateBody } from '../../../authorization/server/updatePermissions';
import { API } from '../api';

API.v1.addRoute(
	'permissions.listAll',
	{ authRequired: true },
	{
		async get() {
			const { updatedSince } = this.queryParams;
			if (!updatedSince) {
				return API.v1.success({ update: await this.deps.models.Permissions.findAll(), remove: [] });
			}
			const since = typeof updatedSince === 'string' ? new Date(updatedSince) : new Date(NaN);
			if (Number.isNaN(since.getTime())) {
				// Rocket.Chat's own (oddly named) error code for this check.
				throw new MeteorError('error-roomId-param-invalid', 'The "updatedSince" query parameter must be a valid date.');
			}
			// Permissions are never deleted here, so nothing is ever reported removed.
			return API.v1.success({ update: await this.deps.models.Permissions.findUpdatedSince(since), remove: [] });
		},
	},
);

API.v1.addRoute(
	'permissions.update',
	{ authRequired: true, permissionsRequired: ['access-permissions'] },
	{
		async post() {
			// Validated inside the action, as in Rocket.Chat, hence its own error text.
			if (!isPermissionsUpdateBody(this.bodyParams)) {
				throw new ApiError('error-invalid-body-params');
			}
			const updates = this.bodyParams.permissions;
			await assertPermissionUpdatesValid(this.deps, updates);
			await applyPermissionUpdates(this.deps, updates);
			return API.v1.success({ permissions: await this.deps.models.Permissions.findAll() });
		},
	},
);
