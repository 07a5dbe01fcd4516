import type { ILivechatCustomField } from '@rocket.chat/core-typings';

import type { Deps } from '../../../../lib/server/deps';

export type AllowedCustomField = Pick<ILivechatCustomField, '_id' | 'label' | 'regexp' | 'required'>;

/**
 * The custom fields a contact may carry: visitor-scoped and not hidden, in insertion order.
 * Read whole: the documents are tiny, and a projection costs more than it saves on the
 * embedded store, on the hot path of every contact write.
 */
export function getAllowedCustomFields({ models }: Pick<Deps, 'models'>): Promise<AllowedCustomField[]> {
	return models.LivechatCustomField.findByScope('visitor', {}, false).toArray();
}
