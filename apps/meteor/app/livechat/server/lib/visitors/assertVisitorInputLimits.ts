import { ApiError } from '../../../../../lib/errors/MeteorError';
import type { SettingsCache } from '../../../../settings/server/SettingsCache';

/** Identifiers a visitor chooses (token, id, username, department): generous, but bounded. */
export const VISITOR_IDENTIFIER_MAX_LENGTH = 256;

function assertMaxLength(field: string, value: unknown, max: number): void {
	if (typeof value === 'string' && value.length > max) {
		throw new ApiError('error-input-too-long', { field, max });
	}
}

/**
 * Visitor endpoints need no authentication, so everything they store is
 * bounded: identifiers, name, email, phone (the contact limits), and the
 * number and size of custom fields.
 */
export function assertVisitorInputLimits(
	settings: Pick<SettingsCache, 'get'>,
	input: { token?: unknown; id?: unknown; username?: unknown; department?: unknown; name?: unknown; email?: unknown; phone?: unknown; customFields?: unknown },
): void {
	for (const field of ['token', 'id', 'username', 'department'] as const) {
		assertMaxLength(field, input[field], VISITOR_IDENTIFIER_MAX_LENGTH);
	}
	assertMaxLength('name', input.name, settings.get<number>('Omnichannel_Contact_Name_Max_Length'));
	assertMaxLength('email', input.email, settings.get<number>('Omnichannel_Contact_Email_Max_Length'));
	assertMaxLength('phone', input.phone, settings.get<number>('Omnichannel_Contact_Phone_Max_Length'));
	if (Array.isArray(input.customFields)) {
		const max = settings.get<number>('Omnichannel_Contact_Max_Custom_Fields');
		if (input.customFields.length > max) {
			throw new ApiError('error-too-many-items', { field: 'customFields', max });
		}
		input.customFields.forEach((entry: { key?: unknown; value?: unknown }, i) => {
			assertMaxLength(`customFields[${i}].key`, entry?.key, settings.get<number>('Omnichannel_Contact_Custom_Field_Key_Max_Length'));
			assertMaxLength(`customFields[${i}].value`, entry?.value, settings.get<number>('Omnichannel_Contact_Custom_Field_Value_Max_Length'));
		});
	}
}
