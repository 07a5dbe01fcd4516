import { isSubscriptionsGetOneProps } from '@rocket.chat/rest-typings';

import { API } from '../api';

API.v1.addRoute(
	'subscriptions.getOne',
	{ authRequired: true, validateParams: isSubscriptionsGetOneProps },
	{
		async get() {
			const subscription = await this.deps.models.Subscriptions.findOneByRoomIdAndUserId(this.queryParams.roomId, this.userId);
			return API.v1.success({ subscription });
		},
	},
);
