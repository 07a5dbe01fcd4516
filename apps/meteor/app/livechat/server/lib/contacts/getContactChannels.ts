import type { ILivechatContactChannel } from '@rocket.chat/core-typings';

import type { Deps } from '../../../../lib/server/deps';

function lastChatTime(channel: ILivechatContactChannel): number {
	return channel.lastChat?.ts ? new Date(channel.lastChat.ts).getTime() : 0;
}

/**
 * The contact's channels, one per channel `name`: the one chatted with most
 * recently wins. An unknown contact simply has none.
 *
 * @example await getContactChannels(deps, contactId); // [{ name: 'widget', visitor: {...}, ... }]
 */
export async function getContactChannels({ models }: Pick<Deps, 'models'>, contactId: string): Promise<ILivechatContactChannel[]> {
	const contact = await models.LivechatContacts.findOneById(contactId, { projection: { channels: 1 } });
	const latestByName = new Map<string, ILivechatContactChannel>();
	for (const channel of contact?.channels ?? []) {
		const current = latestByName.get(channel.name);
		if (!current || lastChatTime(channel) > lastChatTime(current)) {
			latestByName.set(channel.name, channel);
		}
	}
	return [...latestByName.values()];
}
