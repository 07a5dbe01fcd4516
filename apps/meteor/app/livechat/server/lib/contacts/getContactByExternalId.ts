import type { ContactExternalId } from '@omni/model-typings';
import type { ILivechatContact } from '@rocket.chat/core-typings';

import type { Deps } from '../../../../lib/server/deps';

/**
 * The enabled contact with this external id (unique among enabled contacts),
 * or `null`. Not in Rocket.Chat.
 *
 * @example await getContactByExternalId(deps, { source: 'crm', id: '42' });
 */
export async function getContactByExternalId({ models }: Pick<Deps, 'models'>, externalId: ContactExternalId): Promise<ILivechatContact | null> {
	const [contact] = await models.LivechatContacts.findEnabledByMatchKeys({ externalIds: [externalId] }, { limit: 1 });
	return contact ?? null;
}
