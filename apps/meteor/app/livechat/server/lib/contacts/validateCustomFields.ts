import { ApiError } from '../../../../../lib/errors/MeteorError';
import { matchesPattern } from '../customFieldPattern';
import type { AllowedCustomField } from './getAllowedCustomFields';

/** Rocket.Chat's trim: falsy values (`0`, `false`, `null`, `""`) count as empty. */
function trimValue(value: unknown): string {
	return value ? String(value).trim() : '';
}

function invalidValue(field: AllowedCustomField): ApiError {
	return new ApiError('error-invalid-custom-field-value', { label: field.label || field._id });
}

/**
 * Checks received custom fields against the allowed ones and returns what
 * gets stored: the allowed keys with non-empty trimmed values. Required
 * fields must be present and non-empty; a field's `regexp` (unanchored
 * unless it anchors itself, evaluated in linear time) must match; keys that are not allowed fail
 * unless `ignoreAdditionalFields` is set.
 *
 * @example validateCustomFields([{ _id: 'cpf', label: 'CPF', required: true }], { cpf: ' 123 ' }) // { cpf: '123' }
 */
export function validateCustomFields(
	allowedCustomFields: readonly AllowedCustomField[],
	customFields: Record<string, unknown>,
	options: { ignoreAdditionalFields?: boolean } = {},
): Record<string, string> {
	const validValues: Record<string, string> = {};

	for (const field of allowedCustomFields) {
		if (!Object.prototype.hasOwnProperty.call(customFields, field._id)) {
			if (field.required) {
				throw invalidValue(field);
			}
			continue;
		}
		const value = trimValue(customFields[field._id]);
		if (!value) {
			if (field.required) {
				throw invalidValue(field);
			}
			continue;
		}
		if (field.regexp && !matchesPattern(field.regexp, value)) {
			throw invalidValue(field);
		}
		validValues[field._id] = value;
	}

	if (!options.ignoreAdditionalFields) {
		const allowedIds = new Set(allowedCustomFields.map(({ _id }) => _id));
		const notAllowed = Object.keys(customFields).find((key) => !allowedIds.has(key));
		if (notAllowed !== undefined) {
			throw new ApiError('error-custom-field-not-allowed', { key: notAllowed });
		}
	}

	return validValues;
}
