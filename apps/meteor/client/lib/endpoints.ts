import type { RestClient } from './restClient';
import type { ClosedRoom, Contact, ContactChannel, CustomFieldDefinition, Me, Paged, UserSummary } from './types';

/**
 * Every REST call the page makes, one function each, named after the endpoint. New server
 * features (upsert, merge, import/export…) add their functions here.
 */

export interface LoginResult {
	userId: string;
	authToken: string;
}

export async function login(client: RestClient, user: string, password: string): Promise<LoginResult> {
	const result = await client.post<{ data: { userId: string; authToken: string } }>('login', { user, password });
	return { userId: result.data.userId, authToken: result.data.authToken };
}

export async function logout(client: RestClient): Promise<void> {
	await client.post('logout', {});
}

export function getMe(client: RestClient, signal?: AbortSignal): Promise<Me> {
	return client.get<Me>('me', undefined, signal);
}

/** Permission id → roles that hold it, as `permissions.listAll` answers. */
export async function listPermissions(client: RestClient, signal?: AbortSignal): Promise<Map<string, string[]>> {
	const result = await client.get<{ update: { _id: string; roles: string[] }[] }>('permissions.listAll', undefined, signal);
	return new Map(result.update.map((permission) => [permission._id, permission.roles]));
}

const CUSTOM_FIELDS_PAGE = 100;

/** Every custom field of the workspace, page by page (the API caps a page at 100). */
export async function listCustomFields(client: RestClient, signal?: AbortSignal): Promise<CustomFieldDefinition[]> {
	const fields: CustomFieldDefinition[] = [];
	for (;;) {
		const page = await client.get<{ customFields: CustomFieldDefinition[]; total: number }>(
			'livechat/custom-fields',
			{ offset: fields.length, count: CUSTOM_FIELDS_PAGE },
			signal,
		);
		fields.push(...page.customFields);
		if (page.customFields.length === 0 || fields.length >= page.total) {
			return fields;
		}
	}
}

export type ContactSort = { field: 'name' | 'lastChat.ts'; direction: 1 | -1 };

export interface ContactSearch {
	searchText: string;
	unknown: boolean;
	offset: number;
	count: number;
	sort: ContactSort;
}

export async function searchContacts(client: RestClient, search: ContactSearch, signal?: AbortSignal): Promise<Paged<Contact>> {
	const result = await client.get<{ contacts: Contact[]; total: number }>(
		'omnichannel/contacts.search',
		{
			searchText: search.searchText || undefined,
			unknown: search.unknown,
			offset: search.offset,
			count: search.count,
			sort: JSON.stringify({ [search.sort.field]: search.sort.direction }),
		},
		signal,
	);
	return { items: result.contacts, total: result.total };
}

export async function getContact(client: RestClient, contactId: string, signal?: AbortSignal): Promise<Contact> {
	return (await client.get<{ contact: Contact }>('omnichannel/contacts.get', { contactId }, signal)).contact;
}

export interface ContactPayload {
	name: string;
	emails: string[];
	phones: string[];
	customFields: Record<string, string>;
	contactManager?: string;
}

export async function createContact(client: RestClient, payload: ContactPayload): Promise<string> {
	return (await client.post<{ contactId: string }>('omnichannel/contacts', payload)).contactId;
}

export async function updateContact(client: RestClient, contactId: string, payload: ContactPayload): Promise<Contact> {
	return (await client.post<{ contact: Contact }>('omnichannel/contacts.update', { contactId, ...payload })).contact;
}

export async function deleteContact(client: RestClient, contactId: string): Promise<void> {
	await client.post('omnichannel/contacts.delete', { contactId });
}

export interface ConflictResolution {
	name?: string;
	contactManager?: string;
	customFields?: Record<string, string>;
	wipeConflicts: boolean;
}

export async function resolveConflicts(client: RestClient, contactId: string, resolution: ConflictResolution): Promise<Contact> {
	return (await client.post<{ result: Contact }>('omnichannel/contacts.conflicts', { contactId, ...resolution })).result;
}

/** Rocket.Chat answers a bare `[]`-like empty list when the contact has no channels. */
export async function getContactChannels(client: RestClient, contactId: string, signal?: AbortSignal): Promise<ContactChannel[]> {
	const result = await client.get<{ channels?: ContactChannel[] }>('omnichannel/contacts.channels', { contactId }, signal);
	return Array.isArray(result.channels) ? result.channels : [];
}

export async function getContactHistory(client: RestClient, contactId: string, offset: number, count: number, signal?: AbortSignal): Promise<Paged<ClosedRoom>> {
	const result = await client.get<{ history: ClosedRoom[]; total: number }>('omnichannel/contacts.history', { contactId, offset, count }, signal);
	return { items: result.history, total: result.total };
}

/** EE: blocks or unblocks one channel of a contact (the server closes its open room when blocking). */
export async function setChannelBlocked(client: RestClient, channel: Pick<ContactChannel, 'visitor'>, blocked: boolean): Promise<void> {
	const { visitorId, source } = channel.visitor;
	await client.post(blocked ? 'omnichannel/contacts.block' : 'omnichannel/contacts.unblock', { visitor: { visitorId, source } });
}

/** Livechat agents (possible contact managers) whose name or username contains `text`. */
export async function listAgents(client: RestClient, text: string, count: number, signal?: AbortSignal): Promise<UserSummary[]> {
	const result = await client.get<{ users: UserSummary[] }>(
		'livechat/users/agent',
		{ text: text || undefined, count, sort: JSON.stringify({ name: 1 }) },
		signal,
	);
	return result.users;
}

export async function getUserSummary(client: RestClient, userId: string, signal?: AbortSignal): Promise<UserSummary> {
	const { user } = await client.get<{ user: UserSummary }>('users.info', { userId }, signal);
	return { _id: user._id, name: user.name, username: user.username };
}
