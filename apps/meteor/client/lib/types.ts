/** The shapes the page reads from the REST API (Rocket.Chat's documents, only the fields shown). */

export interface UserSummary {
	_id: string;
	name?: string;
	username?: string;
}

export interface ContactChannel {
	name: string;
	visitor: { visitorId: string; source: { type: string; id?: string } };
	blocked?: boolean;
	verified?: boolean;
	lastChat?: { _id: string; ts: string };
	details?: { type?: string; alias?: string; label?: string };
}

export interface ConflictingField {
	/** `name`, `manager` or `customFields.<key>`. */
	field: string;
	value: string;
}

export interface Contact {
	_id: string;
	name?: string;
	emails?: { address: string }[];
	phones?: { phoneNumber: string }[];
	/** A user id from `contacts.get`; `{_id, name, username}` from `contacts.search`. */
	contactManager?: string | UserSummary;
	customFields?: Record<string, unknown>;
	channels?: ContactChannel[];
	conflictingFields?: ConflictingField[];
	lastChat?: { _id: string; ts: string };
	unknown?: boolean;
	createdAt?: string;
}

export interface CustomFieldDefinition {
	_id: string;
	label?: string;
	scope: 'visitor' | 'room';
	visibility?: string;
	required?: boolean;
	regexp?: string;
	type?: string;
	options?: string;
	defaultValue?: string;
}

export interface ClosedRoom {
	_id: string;
	fname?: string;
	ts?: string;
	closedAt?: string;
	msgs?: number;
	servedBy?: { _id: string; username?: string };
	source?: { type?: string; alias?: string; label?: string };
	lastMessage?: { msg?: string };
}

export interface Me {
	_id: string;
	username?: string;
	name?: string;
	roles?: string[];
}

export interface Paged<T> {
	items: T[];
	total: number;
}
