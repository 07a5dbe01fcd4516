import type { Method, PermissionCheck, PermissionsRequired } from './definition';

/** `undefined`: the route declares no permissions. `'deny'`: declared, but nothing for this method. */
export type ResolvedPermissionCheck = PermissionCheck | 'deny' | undefined;

/**
 * Resolves a route's `permissionsRequired` for one method, once, at registration, as Rocket.Chat's API checks it:
 * an array applies hasAll to every method; an object is looked up by method, falling back to `'*'`;
 * no entry denies. An empty list is kept as is and allows everyone.
 *
 * @example resolvePermissionCheck({ GET: ['view-x'], '*': ['edit-x'] }, 'POST') // { operation: 'hasAll', permissions: ['edit-x'] }
 */
export function resolvePermissionCheck(required: PermissionsRequired | undefined, method: Method): ResolvedPermissionCheck {
	if (!required) {
		return undefined;
	}
	if (Array.isArray(required)) {
		return { operation: 'hasAll', permissions: required };
	}
	const entry = required[method] ?? required['*'];
	if (!entry) {
		return 'deny';
	}
	if (Array.isArray(entry)) {
		return { operation: 'hasAll', permissions: entry };
	}
	return { operation: entry.operation, permissions: entry.permissions };
}
