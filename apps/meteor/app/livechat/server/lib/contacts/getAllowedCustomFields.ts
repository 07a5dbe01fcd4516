import type { ILivechatCustomField } from '@rocket.chat/core-typings';
import type { Models } from '@omni/models';

export type AllowedCustomField = Pick<ILivechatCustomField, '_id' | 'label' | 'regexp' | 'required'>;

/** The custom fields a contact may carry: visitor-scoped and not hidden, in insertion order. */
export function getAllowedCustomFields(LivechatCustomField: Models['LivechatCustomField']): Promise<AllowedCustomField[]> {
	return LivechatCustomField.findByScope('visitor', { projection: { _id: 1, label: 1, regexp: 1, required: 1 } }, false).toArray();
}
