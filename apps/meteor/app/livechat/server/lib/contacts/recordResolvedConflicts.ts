import type { ILivechatContact } from '@rocket.chat/core-typings';

import type { Deps } from '../../../../lib/server/deps';

/** Adds the contact's pending conflicts to the workspace's `Resolved_Conflicts_Count` statistic. */
export async function recordResolvedConflicts(
	{ settings }: Pick<Deps, 'settings'>,
	contact: Pick<ILivechatContact, 'conflictingFields'>,
): Promise<void> {
	const resolved = contact.conflictingFields?.length ?? 0;
	if (resolved > 0) {
		await settings.incrementValue('Resolved_Conflicts_Count', resolved);
	}
}
