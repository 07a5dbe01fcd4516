import type { ILivechatContact, IUser } from '@rocket.chat/core-typings';

import type { Deps } from '../../../../lib/server/deps';
import { type ContactMatchMode, usesNormalizedMatching } from './contactMatchMode';

export type ContactManagerSummary = Pick<IUser, '_id' | 'name' | 'username'>;

export type SearchedContact = Omit<ILivechatContact, 'contactManager'> & { contactManager?: ContactManagerSummary };

export type ContactSearchParams = { searchText?: string; unknown?: boolean; match?: ContactMatchMode };

export type ContactSearchPage = { offset: number; count: number; sort?: Record<string, 1 | -1> };

export type ContactSearchResult = { contacts: SearchedContact[]; count: number; offset: number; total: number };

/** Replaces each manager id by `{_id, name, username}` with one query; a vanished manager drops the key. */
async function expandContactManagers({ models }: Pick<Deps, 'models'>, contacts: ILivechatContact[]): Promise<SearchedContact[]> {
	const managerIds = [...new Set(contacts.flatMap((contact) => (contact.contactManager ? [contact.contactManager] : [])))];
	const managers = managerIds.length
		? await models.Users.findByIds(managerIds, { projection: { _id: 1, name: 1, username: 1 } }).toArray()
		: [];
	const managersById = new Map(managers.map(({ _id, name, username }) => [_id, { _id, name, username }]));
	return contacts.map(({ contactManager, ...contact }) => {
		const manager = contactManager ? managersById.get(contactManager) : undefined;
		return manager ? { ...contact, contactManager: manager } : contact;
	});
}

/**
 * Rocket.Chat's contact search: case-insensitive substring of `searchText` in
 * the name, an email or a phone (the text is matched literally), only known
 * contacts unless `unknown` is set, deleted ones never. Sorted by name unless
 * told otherwise. `count` echoes the requested page size, as Rocket.Chat does.
 * With `match: 'normalized'`, a text that reads as an email or a phone also
 * finds contacts with the same normalized key (see `usesNormalizedMatching`).
 *
 * @example await searchContacts(deps, { searchText: '555' }, { offset: 0, count: 50 });
 */
export async function searchContacts(
	deps: Pick<Deps, 'models' | 'settings'>,
	{ searchText, unknown = false, match }: ContactSearchParams,
	{ offset, count, sort }: ContactSearchPage,
): Promise<ContactSearchResult> {
	const normalized = usesNormalizedMatching(deps, match);
	const { cursor, totalCount } = deps.models.LivechatContacts.findPaginatedContacts(
		{ searchText, unknown, normalized },
		{ offset, count, sort: sort ?? { name: 1 } },
	);
	const [contacts, total] = await Promise.all([cursor.toArray(), totalCount]);
	return { contacts: await expandContactManagers(deps, contacts), count, offset, total };
}
