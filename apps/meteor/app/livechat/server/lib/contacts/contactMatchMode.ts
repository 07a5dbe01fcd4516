import { ApiError } from '../../../../../lib/errors/MeteorError';
import type { Deps } from '../../../../lib/server/deps';

/** How `contacts.checkExistence` and `contacts.search` compare emails and phones: Rocket.Chat's exact way, or also by normalized key. */
export type ContactMatchMode = 'exact' | 'normalized';

/**
 * Whether a request asked for normalized matching. Rocket.Chat's answers stay
 * exact: normalized matching is opt-in per request (`match=normalized`) and
 * only while `Omnichannel_Contact_Match_Normalized` is on (the default);
 * asking for it while the setting is off is refused.
 *
 * @example usesNormalizedMatching(deps, 'normalized') // true
 */
export function usesNormalizedMatching({ settings }: Pick<Deps, 'settings'>, match: ContactMatchMode | undefined): boolean {
	if (match !== 'normalized') {
		return false;
	}
	if (settings.get<boolean>('Omnichannel_Contact_Match_Normalized') !== true) {
		throw new ApiError('error-normalized-matching-disabled');
	}
	return true;
}
