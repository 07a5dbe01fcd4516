import type { ILivechatCustomField } from '@rocket.chat/core-typings';
import type { Models } from '@omni/model-typings';

import { createChangeInvalidatedCache, type ChangeInvalidatedCache } from '../../../lib/server/changeInvalidatedCache';

/** The workspace's visitor-scoped, not hidden custom fields in insertion order; frozen, shared by every request. */
export type VisitorCustomFields = ChangeInvalidatedCache<readonly Readonly<ILivechatCustomField>[]>;

/**
 * Every contact create or update and every visitor registration checks its
 * custom fields against this list, so it is read from memory, reloaded after
 * any write to the custom-field collection (ours: `saveCustomField`/`removeCustomField`
 * invalidate it; anyone's: change events).
 */
export function createVisitorCustomFields(models: Pick<Models, 'LivechatCustomField'>): VisitorCustomFields {
	return createChangeInvalidatedCache(
		async () => Object.freeze((await models.LivechatCustomField.findByScope('visitor', {}, false).toArray()).map((field) => Object.freeze(field))),
		(changed) => models.LivechatCustomField.watch(changed),
	);
}
