import type { Contact } from '../../lib/types';

/** The manager as the table shows it: the name, else the username, else the raw id. */
export function managerName(manager: Contact['contactManager']): string {
	if (!manager) {
		return '';
	}
	return typeof manager === 'string' ? manager : manager.name || manager.username || manager._id;
}

export function formatDateTime(value: string | undefined): string {
	if (!value) {
		return '';
	}
	const date = new Date(value);
	return Number.isNaN(date.getTime()) ? value : date.toLocaleString();
}
