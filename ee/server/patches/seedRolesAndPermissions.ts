import { insertMissingRolesAndPermissions, seedRolesAndPermissions } from '@omni/meteor/authorization';

import { enterprisePermissions, enterpriseRoles } from '../authorization/enterpriseRolesAndPermissions';

// With livechat-enterprise, startup also seeds the `livechat-monitor` role and EE's permissions, as Rocket.Chat EE's `createPermissions` does.
seedRolesAndPermissions.patch(
	async (next, deps) => {
		await next(deps);
		await insertMissingRolesAndPermissions(deps.models, { roles: enterpriseRoles, permissions: enterprisePermissions });
	},
	(deps) => deps.license.hasModule('livechat-enterprise'),
);
