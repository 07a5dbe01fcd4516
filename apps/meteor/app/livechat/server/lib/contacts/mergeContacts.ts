import { setTimeout as sleep } from 'node:timers/promises';

import type { ILivechatContact } from '@rocket.chat/core-typings';
import type { ClientSession } from 'mongodb';

import { ApiError, MeteorError } from '../../../../../lib/errors/MeteorError';
import type { Deps } from '../../../../lib/server/deps';
import { contactInputLimits } from './assertContactInputLimits';
import { contactETag, ifMatchAllows } from './contactETag';
import { type MergeableContact, type MergedFields, type MergePreferences, planContactsMerge } from './planContactsMerge';
import { propagateContactName } from './updateContact';

export interface MergeContactsParams {
	/** The contact that stays; it keeps its id. */
	contactId: string;
	/** The contacts folded into it and disabled. */
	sourceIds: string[];
	prefer?: MergePreferences;
}

type MergeDeps = Pick<Deps, 'models' | 'settings' | 'events' | 'withTransaction'>;

/** How often a merge whose contacts were written between its read and its write starts over before answering 409. */
const MAX_ATTEMPTS = 10;

/** A contact of the merge was written between our read and our conditional write: start over. */
class MergeRaced extends Error {}

/** Every id `prefer` names must be the target's or a source's. */
function assertPreferencesNameMergedContacts(prefer: MergePreferences, ids: Set<string>): void {
	const named: [string, string | undefined][] = [
		['name', prefer.name],
		['contactManager', prefer.contactManager],
		...Object.entries(prefer.customFields ?? {}).map(([key, id]): [string, string] => [`customFields.${key}`, id]),
	];
	for (const [field, id] of named) {
		if (id !== undefined && !ids.has(id)) {
			throw new ApiError('error-invalid-merge-preference', { field });
		}
	}
}

/** The merged contact must stay within the limits every contact write has. */
function assertWithinLimits(settings: MergeDeps['settings'], fields: MergedFields): void {
	const { maxEmails, maxPhones, maxExternalIds } = contactInputLimits(settings);
	const counts: [string, number, number][] = [
		['emails', fields.emails?.length ?? 0, maxEmails],
		['phones', fields.phones?.length ?? 0, maxPhones],
		['externalIds', fields.externalIds?.length ?? 0, maxExternalIds],
	];
	for (const [field, count, max] of counts) {
		if (count > max) {
			throw new ApiError('error-too-many-items', { field, max });
		}
	}
}

/** One attempt inside one transaction: read the contacts, write the target, disable the sources, re-point their rooms. */
async function mergeOnce(deps: MergeDeps, { contactId, sourceIds, prefer = {} }: MergeContactsParams, ifMatch: string | undefined, session: ClientSession | undefined) {
	const { models } = deps;
	const found = new Map((await models.LivechatContacts.findEnabledWithVersions([contactId, ...sourceIds], { session })).map((entry) => [entry.contact._id, entry]));
	const missing = [contactId, ...sourceIds].filter((id) => !found.has(id));
	if (missing.length) {
		throw new MeteorError('error-merge-contacts-not-found', undefined, { contactIds: missing });
	}
	const target = found.get(contactId)!;
	if (ifMatch !== undefined && !ifMatchAllows(ifMatch, contactETag(target.contact))) {
		throw new ApiError('error-precondition-failed');
	}
	const sources = sourceIds.map((id) => found.get(id)!);
	const region = String(deps.settings.get<string>('Omnichannel_Contact_Default_Phone_Region') ?? '');
	const fields = planContactsMerge(target.contact as MergeableContact, sources.map(({ contact }) => contact as MergeableContact), prefer, region);
	assertWithinLimits(deps.settings, fields);

	// Sources first: disabling them frees their external ids, which the target then takes under the same unique index.
	for (const { contact, version } of sources) {
		if (!(await models.LivechatContacts.disableByContactId(contact._id, { expectedVersion: version, mergedInto: contactId, session }))) {
			throw new MergeRaced();
		}
	}
	const merged = await models.LivechatContacts.updateContact(contactId, fields as Partial<ILivechatContact>, { expectedVersion: target.version, session });
	if (!merged) {
		throw new MergeRaced();
	}
	await models.LivechatRooms.repointContacts(sourceIds, contactId, { session });
	const renamed = [target, ...sources].some(({ contact }) => contact.name !== merged.name);
	if (renamed && merged.name) {
		const visitorIds = [...new Set((merged.channels ?? []).map(({ visitor }) => visitor.visitorId))];
		await propagateContactName(models, contactId, visitorIds, merged.name, session);
	}
	return merged;
}

/**
 * `contacts.merge`: folds the source contacts into the target in one
 * transaction. The target keeps its id and gains the union of their emails,
 * phones, external ids and channels (by normalized key), name, manager and
 * custom fields per `prefer` (target first by default), and the latest
 * `lastChat`; each source is soft-deleted like `contacts.delete` and records
 * `mergedInto`; their livechat rooms now belong to the target (visitors and
 * inquiries follow through the channels, which carry the visitor ids).
 * A reader or a crash sees all of it or none of it.
 *
 * Every write is conditional on the version read in the same attempt, so a
 * contact written meanwhile (another merge, an update) makes the attempt
 * start over; a source disabled meanwhile then answers
 * `error-merge-contacts-not-found`. With `ifMatch`, 412 when the target is
 * no longer at that ETag. Emits `contact.merged` after the commit.
 *
 * @example await mergeContacts(deps, { contactId: keep, sourceIds: [dup1, dup2], prefer: { name: dup1 } }) // the merged contact
 */
export async function mergeContacts(deps: MergeDeps, params: MergeContactsParams, { ifMatch }: { ifMatch?: string } = {}): Promise<ILivechatContact> {
	if (params.sourceIds.includes(params.contactId)) {
		throw new ApiError('error-contact-merge-into-itself');
	}
	assertPreferencesNameMergedContacts(params.prefer ?? {}, new Set([params.contactId, ...params.sourceIds]));

	for (let tries = 1; ; tries++) {
		try {
			const contact = await deps.withTransaction((session) => mergeOnce(deps, params, ifMatch, session));
			deps.events.emit('contact.merged', { contact, mergedContactIds: params.sourceIds });
			return contact;
		} catch (error) {
			if (!(error instanceof MergeRaced)) {
				throw error;
			}
			if (tries >= MAX_ATTEMPTS) {
				throw new ApiError('error-contact-merge-contended');
			}
			await sleep(Math.floor(Math.random() * 4 * tries) + 1);
		}
	}
}
