import type { Deps } from '../../../../lib/server/deps';
import { getAllowedCustomFields } from './getAllowedCustomFields';
import { validateCustomFields } from './validateCustomFields';

/**
 * Visitor data carried into a contact: only allowed fields with a valid
 * value, invalid ones silently dropped (Rocket.Chat's `ignoreValidationErrors`).
 */
export async function allowedCustomFieldsOf(deps: Pick<Deps, 'visitorCustomFields'>, data: Record<string, unknown>): Promise<Record<string, string>> {
	const result: Record<string, string> = {};
	for (const field of await getAllowedCustomFields(deps)) {
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
