import { isPOSTLivechatAgentStatusProps } from '@rocket.chat/rest-typings';

import { API } from '../../../../api/server/api';
import { setAgentStatus } from '../../lib/agents/setAgentStatus';

API.v1.addRoute(
	'livechat/agent.status',
	{ authRequired: true, permissionsRequired: ['view-l-room'], validateParams: isPOSTLivechatAgentStatusProps },
	{
		async post() {
			const { user } = this;
			const outcome = await setAgentStatus(this.deps, {
				callerId: user._id,
				agentId: this.bodyParams.agentId ?? undefined,
				status: this.bodyParams.status ?? undefined,
				mayManageOthers: () => this.deps.authorization.hasAllPermission(user, ['manage-livechat-agents']),
			});
			switch (outcome.kind) {
				case 'not-found':
					return API.v1.notFound('Agent not found');
				case 'deactivated':
					return API.v1.failure('error-user-deactivated');
				case 'forbidden':
					return API.v1.forbidden();
				default:
					return API.v1.success({ status: outcome.status });
			}
		},
	},
);
