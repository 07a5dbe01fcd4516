import type { ILivechatCustomField } from '@rocket.chat/core-typings';

import { ApiError } from '../../../../lib/errors/MeteorError';
import type { Deps } from '../../../lib/server/deps';
import { assertSafePattern } from './customFieldPattern';

/** Custom field ids are used as object keys and in URLs. */
export const VALID_CUSTOM_FIELD_NAME = /^[0-9a-zA-Z-_]+$/;

export type CustomFieldData = Pick<ILivechatCustomField, 'label' | 'scope' | 'visibility'> &
	Partial<Pick<ILivechatCustomField, 'type' | 'regexp' | 'required' | 'defaultValue' | 'options' | 'public' | 'searchable'>> & { field: string };

/**
 * Creates a custom field (`customFieldId` null: its `_id` is `field`) or
 * updates an existing one. `field` itself is not stored: it is the id.
 * A `regexp` must be one the server can evaluate in linear time
 * (`customFieldPattern.ts`). Returns the stored document.
 */
export async function saveCustomField(
	{ models: { LivechatCustomField }, visitorCustomFields }: Pick<Deps, 'models' | 'visitorCustomFields'>,
	customFieldId: string | null,
	{ field, ...record }: CustomFieldData,
): Promise<ILivechatCustomField> {
	if (customFieldId && !(await LivechatCustomField.findOneById(customFieldId, { projection: { _id: 1 } }))) {
		throw new ApiError('error-custom-field-not-found');
	}
	if (!VALID_CUSTOM_FIELD_NAME.test(field)) {
		throw new ApiError('error-invalid-custom-field-name');
	}
	if (record.regexp) {
		assertSafePattern(field, record.regexp);
	}
	if (customFieldId) {
		await LivechatCustomField.updateOne({ _id: customFieldId }, { $set: record });
	} else {
		if (await LivechatCustomField.findOneById(field, { projection: { _id: 1 } })) {
			throw new ApiError('error-custom-field-already-exists');
		}
		await LivechatCustomField.insertOne({ _id: field, ...record });
	}
	// The next request sees the change even where change events lag behind the write (MongoDB).
	visitorCustomFields.invalidate();
	const saved = await LivechatCustomField.findOneById(customFieldId || field);
	if (!saved) {
		throw new ApiError('error-custom-field-not-found');
	}
	return saved;
}
