import { isGETLivechatConfigParams } from '@rocket.chat/rest-typings';

import { API } from '../../../../api/server/api';
import { getLivechatConfig } from '../../lib/config/getLivechatConfig';

API.v1.addRoute(
	'livechat/config',
	{ validateParams: isGETLivechatConfigParams },
	{
		async get() {
			const config = await getLivechatConfig(this.deps, { token: this.queryParams.token ?? undefined });
			return API.v1.success({ config });
		},
	},
);
