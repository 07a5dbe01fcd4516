import type { ContactPayload } from './endpoints';
import type { Contact, CustomFieldDefinition } from './types';

/** What the create/edit form holds; list rows may be blank while typing. */
export interface ContactFormValues {
	name: string;
	emails: string[];
	phones: string[];
	customFields: Record<string, string>;
	/** A user id, or '' for none. */
	contactManager: string;
}

/** Errors by form key: `name`, `emails.0`, `phones.1`, `customFields.<id>`, `contactManager`. */
export type FormErrors = Record<string, string>;

/**
 * The server's default input limits (workspace settings `Omnichannel_Contact_*`, which only
 * admins can read). A workspace that lowered them still gets the server's error next to the field.
 */
export const DEFAULT_LIMITS = { nameMaxLength: 512, maxEmails: 100, emailMaxLength: 320, maxPhones: 100, phoneMaxLength: 64, customFieldValueMaxLength: 4096 };

/** The `basic_email` format Rocket.Chat's validators use. */
const BASIC_EMAIL = /^[^@\s]+@[^@\s]+$/;

/** Custom fields a contact may have: visitor scope, not hidden (the server's rule). */
export function contactCustomFields(fields: readonly CustomFieldDefinition[]): CustomFieldDefinition[] {
	return fields.filter((field) => field.scope === 'visitor' && field.visibility !== 'hidden');
}

export function fieldLabel(field: Pick<CustomFieldDefinition, '_id' | 'label'>): string {
	return field.label || field._id;
}

function compiledRegexp(field: CustomFieldDefinition): RegExp | undefined {
	if (!field.regexp) {
		return undefined;
	}
	try {
		return new RegExp(field.regexp);
	} catch {
		// A pattern the browser cannot compile is left to the server to judge.
		return undefined;
	}
}

export function emptyContactForm(fields: readonly CustomFieldDefinition[]): ContactFormValues {
	return {
		name: '',
		emails: [''],
		phones: [''],
		customFields: Object.fromEntries(fields.map((field) => [field._id, field.defaultValue ?? ''])),
		contactManager: '',
	};
}

function managerId(manager: Contact['contactManager']): string {
	return typeof manager === 'string' ? manager : (manager?._id ?? '');
}

export function contactFormFromContact(contact: Contact, fields: readonly CustomFieldDefinition[]): ContactFormValues {
	const emails = contact.emails?.map(({ address }) => address) ?? [];
	const phones = contact.phones?.map(({ phoneNumber }) => phoneNumber) ?? [];
	return {
		name: contact.name ?? '',
		emails: emails.length ? emails : [''],
		phones: phones.length ? phones : [''],
		customFields: Object.fromEntries(fields.map((field) => [field._id, String(contact.customFields?.[field._id] ?? '')])),
		contactManager: managerId(contact.contactManager),
	};
}

function checkList(errors: FormErrors, key: 'emails' | 'phones', values: string[], maxItems: number, maxLength: number, what: string): void {
	const seen = new Set<string>();
	values.forEach((raw, index) => {
		const value = raw.trim();
		if (!value) {
			return;
		}
		if (value.length > maxLength) {
			errors[`${key}.${index}`] = `This ${what} is longer than ${maxLength} characters`;
		} else if (key === 'emails' && !BASIC_EMAIL.test(value)) {
			errors[`${key}.${index}`] = 'Enter an address like name@example.com';
		} else if (seen.has(value)) {
			errors[`${key}.${index}`] = `This ${what} is already in the list`;
		}
		seen.add(value);
	});
	if (seen.size > maxItems) {
		errors[key] = `At most ${maxItems} ${key}`;
	}
}

/**
 * The checks the server makes, run before sending so most mistakes show at once next to their
 * field: limits, duplicates in a list (`uniqueItems`), required custom fields and their
 * `regexp` (tested on the trimmed value, unanchored unless the pattern anchors itself).
 */
export function validateContactForm(values: ContactFormValues, fields: readonly CustomFieldDefinition[], limits = DEFAULT_LIMITS): FormErrors {
	const errors: FormErrors = {};
	if (!values.name.trim()) {
		errors.name = 'Enter a name';
	} else if (values.name.length > limits.nameMaxLength) {
		errors.name = `The name is longer than ${limits.nameMaxLength} characters`;
	}
	checkList(errors, 'emails', values.emails, limits.maxEmails, limits.emailMaxLength, 'email');
	checkList(errors, 'phones', values.phones, limits.maxPhones, limits.phoneMaxLength, 'phone');
	for (const field of fields) {
		const value = (values.customFields[field._id] ?? '').trim();
		const key = `customFields.${field._id}`;
		if (!value) {
			if (field.required) {
				errors[key] = `${fieldLabel(field)} is required`;
			}
			continue;
		}
		if (value.length > limits.customFieldValueMaxLength) {
			errors[key] = `${fieldLabel(field)} is longer than ${limits.customFieldValueMaxLength} characters`;
		} else if (compiledRegexp(field)?.test(value) === false) {
			errors[key] = `${fieldLabel(field)} must match ${field.regexp}`;
		}
	}
	return errors;
}

/** The request body: trimmed values, blank rows and empty optional custom fields left out. */
export function contactPayload(values: ContactFormValues, fields: readonly CustomFieldDefinition[]): ContactPayload {
	const nonBlank = (list: string[]) => list.map((item) => item.trim()).filter(Boolean);
	const customFields: Record<string, string> = {};
	for (const field of fields) {
		const value = (values.customFields[field._id] ?? '').trim();
		if (value) {
			customFields[field._id] = value;
		}
	}
	return {
		name: values.name.trim(),
		emails: nonBlank(values.emails),
		phones: nonBlank(values.phones),
		customFields,
		...(values.contactManager && { contactManager: values.contactManager }),
	};
}
