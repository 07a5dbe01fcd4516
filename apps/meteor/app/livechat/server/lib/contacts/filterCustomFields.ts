import type { Models } from '@omni/model-typings';

import { getAllowedCustomFields } from './getAllowedCustomFields';
import { validateCustomFields } from './validateCustomFields';

/**
 * Visitor data carried into a contact: only allowed fields with a valid
 * value, invalid ones silently dropped (Rocket.Chat's `ignoreValidationErrors`).
 */
export async function allowedCustomFieldsOf(models: Pick<Models, 'LivechatCustomField'>, data: Record<string, unknown>): Promise<Record<string, string>> {
	const result: Record<string, string> = {};
	for (const field of await getAllowedCustomFields({ models: models as Models })) {
		if (!Object.prototype.hasOwnProperty.call(data, field._id)) {
			continue;
		}
		try {
			Object.assign(result, validateCustomFields([{ ...field, required: false }], { [field._id]: data[field._id] }, { ignoreAdditionalFields: true }));
		} catch {
			// Invalid visitor data is left out of the contact rather than failing the conversation.
		}
	}
	return result;
}
