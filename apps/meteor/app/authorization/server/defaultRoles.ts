import type { IRole } from '@rocket.chat/core-typings';

/**
 * Rocket.Chat's protected roles. `livechat-monitor` is an Enterprise role
 * and is deliberately absent from Community Edition.
 */
export const defaultRoles: ReadonlyArray<Pick<IRole, '_id' | 'name' | 'scope' | 'description'>> = [
	{ _id: 'admin', name: 'admin', scope: 'Users', description: 'Admin' },
	{ _id: 'moderator', name: 'moderator', scope: 'Subscriptions', description: 'Moderator' },
	{ _id: 'leader', name: 'leader', scope: 'Subscriptions', description: 'Leader' },
	{ _id: 'owner', name: 'owner', scope: 'Subscriptions', description: 'Owner' },
	{ _id: 'user', name: 'user', scope: 'Users', description: '' },
	{ _id: 'bot', name: 'bot', scope: 'Users', description: '' },
	{ _id: 'app', name: 'app', scope: 'Users', description: '' },
	{ _id: 'guest', name: 'guest', scope: 'Users', description: '' },
	{ _id: 'anonymous', name: 'anonymous', scope: 'Users', description: '' },
	{ _id: 'livechat-agent', name: 'livechat-agent', scope: 'Users', description: 'Livechat Agent' },
	{ _id: 'livechat-manager', name: 'livechat-manager', scope: 'Users', description: 'Livechat Manager' },
];
