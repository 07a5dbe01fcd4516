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
