import { isLivechatCustomFieldsProps, isPOSTLivechatRemoveCustomFields } from '@rocket.chat/rest-typings';

import { ApiError } from '../../../../../lib/errors/MeteorError';
import { API } from '../../../../api/server/api';
import { isSaveCustomFieldParams } from '../../lib/customFieldDataSchema';
import { removeCustomField } from '../../lib/removeCustomField';
import { saveCustomField, VALID_CUSTOM_FIELD_NAME } from '../../lib/saveCustomField';

API.v1.addRoute(
	'livechat/custom-fields.save',
	// Stricter than rest-typings: only the keys of Rocket.Chat's custom-field document, with bounded texts.
	{ authRequired: true, permissionsRequired: ['view-livechat-manager'], validateParams: isSaveCustomFieldParams },
	{
		async post() {
			const { customFieldId, customFieldData } = this.bodyParams;
			// Rocket.Chat tests the id as given, so `null` is tested as the text "null" and passes.
			if (!VALID_CUSTOM_FIELD_NAME.test(String(customFieldId))) {
				throw new ApiError('error-invalid-custom-field-name');
			}
			const customField = await saveCustomField(this.deps, customFieldId, customFieldData);
			return API.v1.success({ customField });
		},
	},
);

API.v1.addRoute(
	'livechat/custom-fields.delete',
	{ authRequired: true, permissionsRequired: ['view-livechat-manager'], validateParams: isPOSTLivechatRemoveCustomFields },
	{
		async post() {
			await removeCustomField(this.deps, this.bodyParams.customFieldId);
			return API.v1.success();
		},
	},
);

API.v1.addRoute(
	'livechat/custom-fields',
	{ authRequired: true, permissionsRequired: ['view-l-room'], validateParams: isLivechatCustomFieldsProps },
	{
		async get() {
			const { offset, count } = this.getPaginationItems();
			const { sort } = this.parseJsonQuery();
			const { cursor, total } = this.deps.models.LivechatCustomField.findByLabelOrId(this.queryParams.text, {
				sort: sort ?? { label: 1 },
				skip: offset,
				...(count > 0 && { limit: count }),
			});
			const [customFields, totalCount] = await Promise.all([cursor.toArray(), total]);
			return API.v1.success({ customFields, count: customFields.length, offset, total: totalCount });
		},
	},
);

API.v1.addRoute(
	'livechat/custom-fields/:_id',
	{ authRequired: true, permissionsRequired: ['view-l-room'] },
	{
		async get() {
			return API.v1.success({ customField: await this.deps.models.LivechatCustomField.findOneById(this.urlParams._id) });
		},
	},
);
