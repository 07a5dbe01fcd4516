import type { SettingValue } from '@rocket.chat/core-typings';

import { API } from '../api';

function hasValue(body: Record<string, unknown>): body is { value: SettingValue } {
	return Object.prototype.hasOwnProperty.call(body, 'value');
}

API.v1.addRoute(
	'settings/:_id',
	{ authRequired: true, permissionsRequired: { GET: ['view-privileged-setting'] } },
	{
		get() {
			const { _id } = this.urlParams;
			if (!this.deps.settings.has(_id)) {
				return API.v1.failure();
			}
			return API.v1.success({ _id, value: this.deps.settings.get(_id) });
		},
	},
);

// Declared apart from GET because only writing a setting asks for a second factor, as in Rocket.Chat.
API.v1.addRoute(
	'settings/:_id',
	{ authRequired: true, permissionsRequired: { POST: ['edit-privileged-setting'] }, twoFactorRequired: true },
	{
		async post() {
			if (!hasValue(this.bodyParams) || !(await this.deps.settings.updateValue(this.urlParams._id, this.bodyParams.value))) {
				return API.v1.failure();
			}
			return API.v1.success();
		},
	},
);
