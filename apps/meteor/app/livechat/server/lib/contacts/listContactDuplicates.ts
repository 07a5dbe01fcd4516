import type { ContactExternalId, ContactKeyKind } from '@omni/model-typings';

import type { Deps } from '../../../../lib/server/deps';

/** Contact ids listed per group at most; `size` tells how many share the key. */
export const DUPLICATE_GROUP_MAX_IDS = 100;

/** One group as the API shows it: an external id's value is `{source, id}`, an email's or phone's its normalized key. */
export type ContactDuplicateGroupView = { kind: ContactKeyKind; value: string | ContactExternalId; size: number; contactIds: string[] };

export type ContactDuplicatesResult = { groups: ContactDuplicateGroupView[]; count: number; offset: number; total: number };

function externalIdOf(key: string): ContactExternalId {
	const [source, id] = JSON.parse(key) as [string, string];
	return { source, id };
}

/**
 * The duplicates report (not in Rocket.Chat): groups of enabled contacts
 * sharing a normalized email, phone or external id, largest first, paged like
 * `contacts.search` (`count` echoes the page size). `managerId` limits it to
 * that manager's contacts (see `contactVisibility`).
 *
 * @example await listContactDuplicates(deps, { offset: 0, count: 25 });
 */
export async function listContactDuplicates(
	{ models }: Pick<Deps, 'models'>,
	{ offset, count }: { offset: number; count: number },
	{ managerId }: { managerId?: string } = {},
): Promise<ContactDuplicatesResult> {
	const { total, groups } = await models.LivechatContacts.findDuplicateGroups({ offset, count, maxIds: DUPLICATE_GROUP_MAX_IDS, managerId });
	return {
		groups: groups.map(({ kind, key, size, contactIds }) => ({ kind, value: kind === 'externalId' ? externalIdOf(key) : key, size, contactIds })),
		count,
		offset,
		total,
	};
}
