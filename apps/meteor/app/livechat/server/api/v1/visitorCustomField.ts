import { isPOSTLivechatCustomFieldParams, isPOSTLivechatCustomFieldsParams } from '@rocket.chat/rest-typings';

import { API } from '../../../../api/server/api';
import type { ActionContext } from '../../../../api/server/definition';
import { assertVisitorInputLimits } from '../../lib/visitors/assertVisitorInputLimits';
import { setVisitorCustomField, type VisitorCustomFieldInput } from '../../lib/visitors/setVisitorCustomFields';
import { livechatDeps } from '../livechatDeps';
import { ApiError } from '../../../../../lib/errors/MeteorError';

/** One field by key; any scope and visibility (hidden fields are accepted here). */
async function setOne(ctx: Pick<ActionContext, 'deps' | 'testMode'>, token: string, input: VisitorCustomFieldInput): Promise<void> {
	const visitor = await ctx.deps.models.LivechatVisitors.getVisitorByToken(token, { projection: { _id: 1, token: 1, livechatData: 1 } });
	if (!visitor) {
		throw new ApiError('error-unknown-visitor-token');
	}
	const field = await ctx.deps.models.LivechatCustomField.findOneById(input.key);
	if (!field) {
		throw new ApiError('invalid-custom-field');
	}
	await setVisitorCustomField(livechatDeps(ctx), visitor, field, input);
}

API.v1.addRoute(
	'livechat/custom.field',
	{ validateParams: isPOSTLivechatCustomFieldParams },
	{
		async post() {
			const { token, key, value, overwrite } = this.bodyParams;
			assertVisitorInputLimits(this.deps.settings, { token, customFields: [{ key, value }] });
			await setOne(this, token, { key, value, overwrite });
			return API.v1.success({ field: { key, value, overwrite } });
		},
	},
);

API.v1.addRoute(
	'livechat/custom.fields',
	{ validateParams: isPOSTLivechatCustomFieldsParams },
	{
		async post() {
			const { token, customFields } = this.bodyParams;
			assertVisitorInputLimits(this.deps.settings, { token, customFields });
			const fields = [];
			for (const { key, value, overwrite } of customFields) {
				await setOne(this, token, { key, value, overwrite });
				fields.push({ Key: key, value, overwrite });
			}
			return API.v1.success({ fields });
		},
	},
);
