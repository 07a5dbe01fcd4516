import { ApiError } from '../../../../../lib/errors/MeteorError';
import type { SettingsCache } from '../../../../settings/server/SettingsCache';

/** Upper bounds for one contact write; every field is a workspace setting (see `settings/server/defaults.ts`). */
export interface ContactInputLimits {
	nameMaxLength: number;
	maxEmails: number;
	emailMaxLength: number;
	maxPhones: number;
	phoneMaxLength: number;
	maxCustomFields: number;
	customFieldKeyMaxLength: number;
	customFieldValueMaxLength: number;
	maxExternalIds: number;
	externalIdMaxLength: number;
}

/** The fields of a create, update or conflicts body that the limits look at. */
export interface ContactInput {
	name?: unknown;
	emails?: unknown;
	phones?: unknown;
	customFields?: unknown;
	externalIds?: unknown;
}

/** Nested custom-field values deeper than this are refused outright (conflicts store values unvalidated). */
const MAX_VALUE_DEPTH = 8;

/** Keys that would reach an object's prototype or that MongoDB reads as an operator or a path. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Reads the limits from the settings cache (in memory: no database round trip per request). */
export function contactInputLimits(settings: Pick<SettingsCache, 'get'>): ContactInputLimits {
	return {
		nameMaxLength: settings.get<number>('Omnichannel_Contact_Name_Max_Length'),
		maxEmails: settings.get<number>('Omnichannel_Contact_Max_Emails'),
		emailMaxLength: settings.get<number>('Omnichannel_Contact_Email_Max_Length'),
		maxPhones: settings.get<number>('Omnichannel_Contact_Max_Phones'),
		phoneMaxLength: settings.get<number>('Omnichannel_Contact_Phone_Max_Length'),
		maxCustomFields: settings.get<number>('Omnichannel_Contact_Max_Custom_Fields'),
		customFieldKeyMaxLength: settings.get<number>('Omnichannel_Contact_Custom_Field_Key_Max_Length'),
		customFieldValueMaxLength: settings.get<number>('Omnichannel_Contact_Custom_Field_Value_Max_Length'),
		maxExternalIds: settings.get<number>('Omnichannel_Contact_Max_External_Ids'),
		externalIdMaxLength: settings.get<number>('Omnichannel_Contact_External_Id_Max_Length'),
	};
}

function tooLong(field: string, max: number): ApiError {
	return new ApiError('error-input-too-long', { field, max });
}

function tooMany(field: string, max: number): ApiError {
	return new ApiError('error-too-many-items', { field, max });
}

/** `$` first (an operator), `.` (a path), NUL (truncates C strings) or a prototype key. */
function isUnsafeKey(key: string): boolean {
	return key.startsWith('$') || key.includes('.') || key.includes('\0') || PROTOTYPE_KEYS.has(key);
}

function invalidKey(field: string): ApiError {
	return new ApiError('error-invalid-custom-field-key', { field });
}

/** A non-string value counts by its JSON length; every nested key must be safe too. */
function assertSafeValue(field: string, value: unknown, limits: ContactInputLimits, depth: number): void {
	if (typeof value === 'string') {
		if (value.length > limits.customFieldValueMaxLength) {
			throw tooLong(field, limits.customFieldValueMaxLength);
		}
		return;
	}
	if (typeof value !== 'object' || value === null) {
		return;
	}
	if (depth >= MAX_VALUE_DEPTH) {
		throw new ApiError('error-input-too-deep', { field, max: MAX_VALUE_DEPTH });
	}
	if (JSON.stringify(value).length > limits.customFieldValueMaxLength) {
		throw tooLong(field, limits.customFieldValueMaxLength);
	}
	for (const [key, nested] of Object.entries(value)) {
		if (!Array.isArray(value) && isUnsafeKey(key)) {
			throw invalidKey(field);
		}
		assertSafeValue(field, nested, limits, depth + 1);
	}
}

function assertList(field: string, list: unknown, maxItems: number, maxLength: number): void {
	if (!Array.isArray(list)) {
		return;
	}
	if (list.length > maxItems) {
		throw tooMany(field, maxItems);
	}
	list.forEach((item, index) => {
		if (typeof item === 'string' && item.length > maxLength) {
			throw tooLong(`${field}[${index}]`, maxLength);
		}
	});
}

/** Each external id's `source` and `id` are capped (the validator already requires them to be non-empty strings). */
function assertExternalIds(externalIds: unknown, limits: ContactInputLimits): void {
	if (!Array.isArray(externalIds)) {
		return;
	}
	if (externalIds.length > limits.maxExternalIds) {
		throw tooMany('externalIds', limits.maxExternalIds);
	}
	externalIds.forEach((entry: unknown, index) => {
		for (const part of ['source', 'id'] as const) {
			const value = (entry as Record<string, unknown> | null)?.[part];
			if (typeof value === 'string' && value.length > limits.externalIdMaxLength) {
				throw tooLong(`externalIds[${index}].${part}`, limits.externalIdMaxLength);
			}
		}
	});
}

function assertCustomFields(customFields: unknown, limits: ContactInputLimits): void {
	if (typeof customFields !== 'object' || customFields === null) {
		return;
	}
	const keys = Object.keys(customFields);
	if (keys.length > limits.maxCustomFields) {
		throw tooMany('customFields', limits.maxCustomFields);
	}
	for (const key of keys) {
		if (isUnsafeKey(key)) {
			throw invalidKey('customFields');
		}
		if (key.length > limits.customFieldKeyMaxLength) {
			throw tooLong('customFields key', limits.customFieldKeyMaxLength);
		}
		assertSafeValue(`customFields.${key}`, (customFields as Record<string, unknown>)[key], limits, 1);
	}
}

/**
 * The one guard for contact writes (create, update, conflicts), run after
 * validation and before the domain function touches the store. Throws a
 * Meteor-style error naming the field: `error-input-too-long`,
 * `error-too-many-items`, `error-input-too-deep` or `error-invalid-custom-field-key`
 * (a custom-field key starting with `$`, containing `.` or NUL, or `__proto__`/
 * `constructor`/`prototype`, at any depth).
 *
 * @example assertContactInputLimits(contactInputLimits(settings), { name: 'x'.repeat(513) }) // throws error-input-too-long
 */
export function assertContactInputLimits(limits: ContactInputLimits, input: ContactInput): void {
	if (typeof input.name === 'string' && input.name.length > limits.nameMaxLength) {
		throw tooLong('name', limits.nameMaxLength);
	}
	assertList('emails', input.emails, limits.maxEmails, limits.emailMaxLength);
	assertList('phones', input.phones, limits.maxPhones, limits.phoneMaxLength);
	assertCustomFields(input.customFields, limits);
	assertExternalIds(input.externalIds, limits);
}
