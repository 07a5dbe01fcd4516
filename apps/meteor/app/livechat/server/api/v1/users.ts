import { isLivechatUsersManagerGETProps, isPOSTLivechatUsersTypeProps } from '@rocket.chat/rest-typings';

import { ApiError } from '../../../../../lib/errors/MeteorError';
import { API } from '../../../../api/server/api';
import {
	addOmnichannelUser,
	findOmnichannelUsers,
	OMNICHANNEL_USER_PROJECTION,
	removeOmnichannelUser,
	roleForType,
} from '../../lib/omnichannelRoles';

/** Beyond `view-livechat-manager`, listing agents needs one of these (managers need nothing more). */
const LIST_AGENTS_PERMISSIONS = ['transfer-livechat-guest', 'edit-omnichannel-contact'];

API.v1.addRoute(
	'livechat/users/:type',
	{
		authRequired: true,
		permissionsRequired: { 'POST': ['view-livechat-manager'], '*': ['view-livechat-manager'] },
		validateParams: { GET: isLivechatUsersManagerGETProps, POST: isPOSTLivechatUsersTypeProps },
	},
	{
		async get() {
			const role = roleForType(this.urlParams.type);
			if (role === 'livechat-agent' && !(await this.deps.authorization.hasAnyPermission(this.user, LIST_AGENTS_PERMISSIONS))) {
				throw new ApiError('access-denied');
			}
			const { offset, count } = this.getPaginationItems();
			const { sort } = this.parseJsonQuery();
			const { text, onlyAvailable, excludeId } = this.queryParams;
			return API.v1.success(await findOmnichannelUsers(this.deps, role, { text, onlyAvailable, excludeId }, { offset, count, sort }));
		},
		async post() {
			const role = roleForType(this.urlParams.type);
			const user = await addOmnichannelUser(this.deps, role, this.bodyParams.username);
			return API.v1.success({ user });
		},
	},
);

API.v1.addRoute(
	'livechat/users/:type/:_id',
	{ authRequired: true, permissionsRequired: ['view-livechat-manager'] },
	{
		async get() {
			const role = roleForType(this.urlParams.type);
			const user = await this.deps.models.Users.findOneByIdInRole(this.urlParams._id, role, { projection: OMNICHANNEL_USER_PROJECTION });
			return API.v1.success({ user });
		},
		async delete() {
			const role = roleForType(this.urlParams.type);
			if (await removeOmnichannelUser(this.deps, role, this.urlParams._id)) {
				return API.v1.success();
			}
			return API.v1.failure();
		},
	},
);
