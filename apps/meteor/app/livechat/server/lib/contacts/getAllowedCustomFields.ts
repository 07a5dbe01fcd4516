import type { ILivechatCustomField } from '@rocket.chat/core-typings';

import type { Deps } from '../../../../lib/server/deps';

export type AllowedCustomField = Pick<ILivechatCustomField, '_id' | 'label' | 'regexp' | 'required'>;

/** The custom fields a contact may carry: visitor-scoped and not hidden, in insertion order (from memory once loaded). */
export function getAllowedCustomFields({ visitorCustomFields }: Pick<Deps, 'visitorCustomFields'>): readonly AllowedCustomField[] | Promise<readonly AllowedCustomField[]> {
	return visitorCustomFields.get();
}
