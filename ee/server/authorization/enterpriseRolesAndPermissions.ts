import type { DefaultPermission, DefaultRole } from '@omni/meteor/authorization';

const admin = 'admin';
const manager = 'livechat-manager';
const monitor = 'livechat-monitor';
const agent = 'livechat-agent';

/** Rocket.Chat EE's protected omnichannel role (`createOrUpdateProtectedRoleAsync('livechat-monitor', …)`). */
export const enterpriseRoles: ReadonlyArray<DefaultRole> = [{ _id: monitor, name: monitor, scope: 'Users', description: '' }];

/**
 * Rocket.Chat EE's omnichannel permissions and their default grants
 * (`omnichannelEEPermissions`). Community grants already name
 * `livechat-monitor`; with the role present they take effect.
 */
export const enterprisePermissions: ReadonlyArray<DefaultPermission> = [
	{ _id: 'manage-livechat-units', roles: [admin, manager] },
	{ _id: 'manage-livechat-monitors', roles: [admin, manager] },
	{ _id: 'manage-livechat-tags', roles: [admin, manager] },
	{ _id: 'manage-livechat-priorities', roles: [admin, manager] },
	{ _id: 'manage-livechat-sla', roles: [admin, manager] },
	{ _id: 'manage-livechat-canned-responses', roles: [admin, manager, monitor] },
	{ _id: 'spy-voip-calls', roles: [admin] },
	{ _id: 'outbound-voip-calls', roles: [admin, manager] },
	{ _id: 'request-pdf-transcript', roles: [admin, manager, monitor, agent] },
	{ _id: 'view-livechat-reports', roles: [admin, manager, monitor] },
	{ _id: 'block-livechat-contact', roles: [admin, manager, monitor, agent] },
	{ _id: 'unblock-livechat-contact', roles: [admin, manager, monitor, agent] },
];
