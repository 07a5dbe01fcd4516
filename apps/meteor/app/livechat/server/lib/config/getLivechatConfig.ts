import type { LivechatDeps } from '../livechatDeps';
import { acceptsIdleAgents } from '../routing/onlineAgents';

/**
 * `GET livechat/config`, the essentials the widget needs: whether livechat is
 * on, its main settings, the departments, whether someone can answer, and
 * the visitor's open conversation when a known token is given.
 */
export async function getLivechatConfig({ models, settings }: Pick<LivechatDeps, 'models' | 'settings'>, { token }: { token?: string }) {
	if (!settings.get<boolean>('Livechat_enabled')) {
		return { enabled: false };
	}
	const online =
		settings.get<boolean>('Livechat_accept_chats_with_no_agents') === true || (await models.Users.hasOnlineAgents(acceptsIdleAgents(settings)));
	const departments = await models.LivechatDepartment.findEnabled({ projection: { _id: 1, name: 1, showOnRegistration: 1, showOnOfflineForm: 1 } }).toArray();
	const guest = token ? await models.LivechatVisitors.getVisitorByToken(token, { projection: { name: 1, username: 1, token: 1, visitorEmails: 1, department: 1 } }) : null;
	const room = guest ? await models.LivechatRooms.findOneOpenByVisitorToken(guest.token, { projection: { _id: 1, v: 1, servedBy: 1, departmentId: 1 } }) : null;
	const agent = room?.servedBy ? await models.Users.findOneById(room.servedBy._id, { projection: { _id: 1, username: 1, name: 1 } }) : null;
	return {
		enabled: true,
		settings: {
			registrationForm: settings.get<boolean>('Livechat_registration_form'),
			displayOfflineForm: settings.get<boolean>('Livechat_display_offline_form'),
			limitTextLength: settings.get<boolean>('Livechat_enable_message_character_limit') && settings.get<number>('Livechat_message_character_limit'),
		},
		theme: { title: settings.get<string>('Livechat_title'), color: settings.get<string>('Livechat_title_color') },
		messages: { offlineMessage: settings.get<string>('Livechat_offline_message') },
		survey: {},
		triggers: [],
		departments,
		resources: {},
		online,
		...(room && { guest, room, ...(agent && { agent }) }),
	};
}
