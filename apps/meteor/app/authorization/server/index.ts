export { createAuthorization } from './createAuthorization';
export type { Authorization } from './createAuthorization';
export {
	insertMissingRolesAndPermissions,
	seedRolesAndPermissions,
	type DefaultPermission,
	type DefaultRole,
} from './seedRolesAndPermissions';
