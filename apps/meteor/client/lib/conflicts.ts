import type { ConflictResolution } from './endpoints';
import type { Contact } from './types';

/** One field that visitor data disagrees on, with every value to choose from (current first). */
export interface ConflictChoice {
	/** As stored in `conflictingFields`: `name`, `manager` or `customFields.<key>`. */
	field: string;
	current: string;
	options: string[];
}

function currentValue(contact: Contact, field: string): string {
	if (field === 'name') {
		return contact.name ?? '';
	}
	if (field === 'manager') {
		const manager = contact.contactManager;
		return typeof manager === 'string' ? manager : (manager?._id ?? '');
	}
	const key = field.startsWith('customFields.') ? field.slice('customFields.'.length) : field;
	const value = contact.customFields?.[key];
	return value === undefined ? '' : String(value);
}

/** @example conflictChoices({ name: 'A', conflictingFields: [{ field: 'name', value: 'B' }] }) // [{ field: 'name', current: 'A', options: ['A', 'B'] }] */
export function conflictChoices(contact: Contact): ConflictChoice[] {
	const byField = new Map<string, ConflictChoice>();
	for (const { field, value } of contact.conflictingFields ?? []) {
		const choice = byField.get(field) ?? { field, current: currentValue(contact, field), options: [currentValue(contact, field)] };
		if (!choice.options.includes(String(value))) {
			choice.options.push(String(value));
		}
		byField.set(field, choice);
	}
	return [...byField.values()];
}

/** The `contacts.conflicts` body for the chosen values; every listed conflict is cleared. */
export function conflictResolution(chosen: Record<string, string>): ConflictResolution {
	const resolution: ConflictResolution = { wipeConflicts: true };
	for (const [field, value] of Object.entries(chosen)) {
		if (field === 'name') {
			resolution.name = value;
		} else if (field === 'manager') {
			if (value) {
				resolution.contactManager = value;
			}
		} else if (field.startsWith('customFields.')) {
			resolution.customFields = { ...resolution.customFields, [field.slice('customFields.'.length)]: value };
		}
	}
	return resolution;
}
