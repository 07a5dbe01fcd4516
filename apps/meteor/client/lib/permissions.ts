/** The permissions the Contact Center checks, with the same ids as the server. */
export const PERMISSIONS = {
	viewContacts: 'view-livechat-contact',
	createContact: 'create-livechat-contact',
	updateContact: 'update-livechat-contact',
	deleteContact: 'delete-livechat-contact',
	viewHistory: 'view-livechat-contact-history',
	viewCustomFields: 'view-l-room',
	viewManagers: 'view-livechat-manager',
	/** Enterprise permissions: absent from `permissions.listAll` in community mode, so the buttons never show there. */
	blockChannel: 'block-livechat-contact',
	unblockChannel: 'unblock-livechat-contact',
} as const;

export interface Permissions {
	has(permission: string): boolean;
}

/**
 * What the signed-in user may do, resolved as Rocket.Chat's client does: a permission is
 * granted when one of its roles is among the user's global roles. The server checks again on
 * every call; this only decides what to show.
 *
 * @example permissionsOf(['livechat-agent'], new Map([['view-livechat-contact', ['livechat-agent']]])).has('view-livechat-contact') // true
 */
export function permissionsOf(userRoles: readonly string[], rolesByPermission: ReadonlyMap<string, readonly string[]>): Permissions {
	const roles = new Set(userRoles);
	const granted = new Set([...rolesByPermission].filter(([, permissionRoles]) => permissionRoles.some((role) => roles.has(role))).map(([id]) => id));
	return { has: (permission) => granted.has(permission) };
}
