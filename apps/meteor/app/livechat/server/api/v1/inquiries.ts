import {
	isGETLivechatInquiriesGetOneParams,
	isGETLivechatInquiriesQueuedForUserParams,
	isPOSTLivechatInquiriesTakeParams,
} from '@rocket.chat/rest-typings';

import { API } from '../../../../api/server/api';
import { findQueuedInquiries } from '../../lib/inquiries/findQueuedInquiries';
import { takeInquiry } from '../../lib/routing/takeInquiry';
import { livechatDeps } from '../livechatDeps';

API.v1.addRoute(
	'livechat/inquiries.getOne',
	{ authRequired: true, permissionsRequired: ['view-l-room'], validateParams: isGETLivechatInquiriesGetOneParams },
	{
		async get() {
			const inquiry = await this.deps.models.LivechatInquiry.findOneByRoomId(this.queryParams.roomId);
			return API.v1.success({ inquiry });
		},
	},
);

API.v1.addRoute(
	'livechat/inquiries.take',
	{ authRequired: true, permissionsRequired: ['view-l-room'], validateParams: isPOSTLivechatInquiriesTakeParams },
	{
		async post() {
			const { inquiryId, userId } = this.bodyParams;
			if (userId && !(await this.deps.models.Users.findOneById(userId, { projection: { _id: 1 } }))) {
				return API.v1.failure('The user is invalid');
			}
			await takeInquiry(livechatDeps(this), inquiryId, userId || this.userId);
			return API.v1.success();
		},
	},
);

API.v1.addRoute(
	['livechat/inquiries.queuedForUser', 'livechat/inquiries.queued'],
	{ authRequired: true, permissionsRequired: ['view-l-room'], validateParams: isGETLivechatInquiriesQueuedForUserParams },
	{
		async get() {
			const { offset, count } = this.getPaginationItems();
			const { sort } = this.parseJsonQuery();
			return API.v1.success(
				await findQueuedInquiries(this.deps, { agentId: this.userId, department: this.queryParams.department ?? undefined, offset, count, sort }),
			);
		},
	},
);
