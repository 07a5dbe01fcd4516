import { isGETLivechatMessagesHistoryRidParams, isPOSTLivechatMessageParams } from '@rocket.chat/rest-typings';

import { API } from '../../../../api/server/api';
import { loadMessageHistory } from '../../lib/messages/loadMessageHistory';
import { sendVisitorMessage } from '../../lib/messages/sendVisitorMessage';
import { livechatDeps } from '../livechatDeps';

API.v1.addRoute(
	'livechat/message',
	{ validateParams: isPOSTLivechatMessageParams },
	{
		async post() {
			const { token, rid, msg, _id } = this.bodyParams;
			const message = await sendVisitorMessage(livechatDeps(this), { token, rid, msg, _id: _id ?? undefined });
			return API.v1.success({ message });
		},
	},
);

function parseDate(value: unknown): Date | undefined {
	if (typeof value !== 'string' || !value) {
		return undefined;
	}
	const date = new Date(value);
	return Number.isNaN(date.getTime()) ? undefined : date;
}

API.v1.addRoute(
	'livechat/messages.history/:rid',
	{ validateParams: isGETLivechatMessagesHistoryRidParams },
	{
		async get() {
			const { token, end, limit, offset } = this.queryParams;
			const messages = await loadMessageHistory(this.deps, {
				token,
				rid: this.urlParams.rid,
				end: parseDate(end),
				limit: typeof limit === 'number' ? limit : undefined,
				offset: typeof offset === 'number' ? offset : undefined,
			});
			return API.v1.success({ messages });
		},
	},
);
