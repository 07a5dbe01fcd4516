import type { Deps } from '../../../../lib/server/deps';
import { type ContactMatchMode, usesNormalizedMatching } from './contactMatchMode';

export type ContactExistenceQuery = { contactId?: string; email?: string; phone?: string; match?: ContactMatchMode };

/**
 * Whether any contact, deleted ones included, has exactly this `_id`, email
 * address or phone number (case-sensitive, as in Rocket.Chat). With
 * `match: 'normalized'` an email or phone also matches by its normalized key
 * (`Jane@Example.COM` finds `jane@example.com`, `+1 (555) 123-4567` finds
 * `+15551234567`); see `usesNormalizedMatching`.
 *
 * @example await checkContactExistence(deps, { email: 'ann@example.com' }); // true | false
 */
export async function checkContactExistence(deps: Pick<Deps, 'models' | 'settings'>, { match, ...query }: ContactExistenceQuery): Promise<boolean> {
	return deps.models.LivechatContacts.existsByIdEmailOrPhone(query, { normalized: usesNormalizedMatching(deps, match) });
}
