export { createAuthorization } from './createAuthorization';
export type { Authorization } from './createAuthorization';
export { seedRolesAndPermissions } from './seedRolesAndPermissions';
