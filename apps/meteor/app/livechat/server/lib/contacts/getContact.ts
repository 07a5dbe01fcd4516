import type { ILivechatContact } from '@rocket.chat/core-typings';

import type { Deps } from '../../../../lib/server/deps';

/**
 * The stored contact, or `null` when it does not exist or was deleted
 * (the route answers 404 for both).
 *
 * @example const contact = await getContact(deps, '65f0c0ffee0123456789abcd');
 */
export function getContact({ models }: Pick<Deps, 'models'>, contactId: string): Promise<ILivechatContact | null> {
	return models.LivechatContacts.findOneEnabledById(contactId);
}

/** Merges chain (A into B, later B into C); a chain is never longer than the merges made, this bounds the walk. */
const MAX_MERGE_HOPS = 32;

/**
 * For a contact that `contacts.merge` disabled: the contact it lives on in,
 * following later merges of that one too. `undefined` for any other contact.
 *
 * @example await findMergedInto(deps, mergedSourceId) // '65f0c0ffee0123456789abcd'
 */
export async function findMergedInto({ models }: Pick<Deps, 'models'>, contactId: string): Promise<string | undefined> {
	let mergedInto = await models.LivechatContacts.findMergedIntoById(contactId);
	for (let hops = 1; mergedInto !== undefined && hops < MAX_MERGE_HOPS; hops++) {
		const next = await models.LivechatContacts.findMergedIntoById(mergedInto);
		if (next === undefined) {
			break;
		}
		mergedInto = next;
	}
	return mergedInto;
}
