import type { ContactExternalId, Models } from '@omni/model-typings';

import { ApiError } from '../../../../../lib/errors/MeteorError';

function isExternalIdDuplicate(error: unknown): boolean {
	const { code, keyPattern, message } = (error ?? {}) as { code?: number; keyPattern?: Record<string, unknown>; message?: string };
	return code === 11000 && (Boolean(keyPattern?.['_matchKeys.externalIds']) || String(message).includes('matchKeys_externalIds_unique'));
}

/**
 * Runs a contact write that may give the contact external ids; when the
 * unique index refuses one (another enabled contact has it), answers 409
 * `error-external-id-in-use` naming it. Other errors pass through.
 *
 * @example await refusingTakenExternalIds(models, externalIds, contactId, () => models.LivechatContacts.updateContact(contactId, fields));
 */
export async function refusingTakenExternalIds<T>(
	models: Pick<Models, 'LivechatContacts'>,
	externalIds: ContactExternalId[] | undefined,
	ownContactId: string | undefined,
	write: () => Promise<T>,
): Promise<T> {
	try {
		return await write();
	} catch (error) {
		if (!externalIds?.length || !isExternalIdDuplicate(error)) {
			throw error;
		}
		for (const externalId of externalIds) {
			const holders = await models.LivechatContacts.findEnabledByMatchKeys({ externalIds: [externalId] }, { limit: 2 });
			if (holders.some(({ _id }) => _id !== ownContactId)) {
				throw new ApiError('error-external-id-in-use', { source: externalId.source, id: externalId.id });
			}
		}
		throw error;
	}
}

/** `externalIds` as stored: the pairs, each once, in the order given. */
export function distinctExternalIds(externalIds: ContactExternalId[]): ContactExternalId[] {
	const seen = new Set<string>();
	return externalIds
		.map(({ source, id }) => ({ source, id }))
		.filter(({ source, id }) => {
			const key = JSON.stringify([source, id]);
			return !seen.has(key) && Boolean(seen.add(key));
		});
}
