import { ApiError } from './restClient';

/** Removes Rocket.Chat's trailing ` [error-code]`: `Invalid name [error-x]` → `Invalid name`. */
export function withoutErrorCode(text: string): string {
	return text.replace(/\s*\[[\w-]+\]$/, '');
}

/** The seconds a 429 asks to wait (`You must wait 42 seconds before trying this endpoint again`). */
export function retryAfterSeconds(error: unknown): number | undefined {
	if (!(error instanceof ApiError) || error.status !== 429) {
		return undefined;
	}
	const match = /wait (\d+) seconds?/.exec(error.error);
	return match ? Number(match[1]) : undefined;
}

export function isForbidden(error: unknown): boolean {
	return error instanceof ApiError && error.status === 403;
}

/** What a person reads for an error: the server's text without its code, made clear for 403 and 429. */
export function describeError(error: unknown): string {
	if (!(error instanceof ApiError)) {
		return error instanceof Error ? error.message : String(error);
	}
	if (error.status === 403) {
		return `You do not have permission to do this. The server said: ${withoutErrorCode(error.error)}`;
	}
	const wait = retryAfterSeconds(error);
	if (wait !== undefined) {
		return `Too many requests. Try again in ${wait} second${wait === 1 ? '' : 's'}.`;
	}
	return withoutErrorCode(error.error);
}

export interface FieldLabel {
	_id: string;
	label?: string;
}

/** `emails[2]` → `emails.2`; `customFields.age` stays. */
function formKeyFromServerField(field: string): string {
	return field.replace(/\[(\d+)\]/g, '.$1');
}

/**
 * The form field a server error is about, as a form key (`name`, `emails.0`, `phones.1`,
 * `customFields.<id>`, `contactManager`), or undefined for errors about the whole request.
 *
 * @example errorField(new ApiError(400, 'Invalid value for Age field'), [{ _id: 'age', label: 'Age' }]) // 'customFields.age'
 */
export function errorField(error: unknown, customFields: readonly FieldLabel[]): string | undefined {
	if (!(error instanceof ApiError) || error.status !== 400) {
		return undefined;
	}
	const field = error.details?.field;
	if (typeof field === 'string') {
		return field === 'customFields key' ? 'customFields' : formKeyFromServerField(field);
	}
	const text = withoutErrorCode(error.error);
	if (text === 'error-contact-manager-not-found') {
		return 'contactManager';
	}
	const invalidValue = /^Invalid value for (.+) field$/.exec(text);
	if (invalidValue) {
		const named = customFields.find((customField) => (customField.label || customField._id) === invalidValue[1]);
		return named ? `customFields.${named._id}` : undefined;
	}
	const notAllowed = /^Custom field (.+) is not allowed$/.exec(text);
	if (notAllowed) {
		return `customFields.${notAllowed[1]}`;
	}
	const required = /must have required property '(\w+)'/.exec(text);
	return required ? required[1] : undefined;
}
