import type { Deps } from '../../../../lib/server/deps';

export type ContactExistenceQuery = { contactId?: string; email?: string; phone?: string };

/**
 * Whether any contact, deleted ones included, has exactly this `_id`, email
 * address or phone number (case-sensitive, no normalization).
 *
 * @example await checkContactExistence(deps, { email: 'ann@example.com' }); // true | false
 */
export function checkContactExistence({ models }: Pick<Deps, 'models'>, query: ContactExistenceQuery): Promise<boolean> {
	return models.LivechatContacts.existsByIdEmailOrPhone(query);
}
