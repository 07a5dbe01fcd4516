import { setTimeout as sleep } from 'node:timers/promises';

import type { ContactExternalId, MatchKeyLookup } from '@omni/model-typings';
import type { ILivechatContact } from '@rocket.chat/core-typings';
import type { ClientSession } from 'mongodb';

import { externalIdKey, normalizeEmail, normalizePhone } from '@omni/models';

import { ApiError, MeteorError } from '../../../../../lib/errors/MeteorError';
import type { Deps } from '../../../../lib/server/deps';
import { distinctExternalIds, refusingTakenExternalIds } from './externalIdConflict';
import { getAllowedCustomFields } from './getAllowedCustomFields';
import { customFieldsToStore, propagateContactName } from './updateContact';
import { validateContactManager } from './validateContactManager';
import { validateCustomFields } from './validateCustomFields';

/** The key kinds an upsert matches by, in the order it tries them. */
export type UpsertMatchKind = 'externalId' | 'email' | 'phone';

export const DEFAULT_MATCH_BY: readonly UpsertMatchKind[] = ['externalId', 'email', 'phone'];

export interface UpsertContactParams {
	name: string;
	emails?: string[];
	phones?: string[];
	customFields?: Record<string, unknown> | null;
	contactManager?: string | null;
	externalIds?: ContactExternalId[];
	/** Which key kinds identify the contact, first match wins; default all three in `DEFAULT_MATCH_BY` order. */
	matchBy?: UpsertMatchKind[];
}

export interface UpsertContactResult {
	contactId: string;
	created: boolean;
}

/** How often a create that lost a race for its keys is tried again before giving up (409). */
const MAX_ATTEMPTS = 25;

/** More contacts than this sharing a key are not all named in the 409. */
const MAX_CANDIDATES = 100;

type UpsertDeps = Pick<Deps, 'models' | 'settings' | 'events' | 'withTransaction' | 'visitorCustomFields'>;

/** Another upsert claimed one of our keys first: start over (its contact is then found and updated). */
class LostClaimRace extends Error {}

function isClaimDuplicate(error: unknown): boolean {
	const { code, keyPattern, message } = (error ?? {}) as { code?: number; keyPattern?: Record<string, unknown>; message?: string };
	return code === 11000 && (Boolean(keyPattern?.['_matchKeys.claims']) || String(message).includes('matchKeys_claims_unique'));
}

function lookupFor(kind: UpsertMatchKind, { emails = [], phones = [], externalIds = [] }: UpsertContactParams): MatchKeyLookup | undefined {
	switch (kind) {
		case 'externalId':
			return externalIds.length ? { externalIds } : undefined;
		case 'email':
			return emails.length ? { emails: emails.map((address) => ({ address })) } : undefined;
		case 'phone':
			return phones.length ? { phones: phones.map((phoneNumber) => ({ phoneNumber })) } : undefined;
	}
}

/** The one enabled contact the first matching key kind finds; `null` when none does; 409 when several do. */
async function findMatch(deps: UpsertDeps, params: UpsertContactParams, matchBy: readonly UpsertMatchKind[], session?: ClientSession) {
	for (const kind of matchBy) {
		const lookup = lookupFor(kind, params);
		if (!lookup) {
			continue;
		}
		const found = await deps.models.LivechatContacts.findEnabledByMatchKeys(lookup, { limit: MAX_CANDIDATES + 1, session });
		if (found.length > 1) {
			throw new MeteorError('error-contact-ambiguous', undefined, { matchedBy: kind, contactIds: found.slice(0, MAX_CANDIDATES).map(({ _id }) => _id) });
		}
		if (found.length === 1) {
			return found[0];
		}
	}
	return null;
}

/** Values whose key the contact does not have yet (and each new key once). */
function newValues<T>(values: T[], existing: T[], keyOf: (value: T) => string): T[] {
	const known = new Set(existing.map(keyOf));
	return values.filter((value) => {
		const key = keyOf(value);
		return !known.has(key) && Boolean(known.add(key));
	});
}

/**
 * The match gains the emails, phones and external ids it lacks (compared by
 * normalized key) and takes name, manager and custom fields (validated as
 * `contacts.update` validates them). Returns the fields written.
 */
async function updateMatch(
	deps: UpsertDeps,
	contact: ILivechatContact & { externalIds?: ContactExternalId[] },
	params: UpsertContactParams,
	session: ClientSession | undefined,
): Promise<string[]> {
	const { models } = deps;
	const region = String(deps.settings.get<string>('Omnichannel_Contact_Default_Phone_Region') ?? '');
	const customFields = params.customFields && (await customFieldsToStore(deps, contact.customFields ?? {}, params.customFields));
	const addToSet = {
		emails: newValues((params.emails ?? []).map((address) => ({ address })), contact.emails ?? [], ({ address }) => normalizeEmail(address)),
		phones: newValues((params.phones ?? []).map((phoneNumber) => ({ phoneNumber })), contact.phones ?? [], ({ phoneNumber }) => normalizePhone(phoneNumber, region)),
		externalIds: newValues(distinctExternalIds(params.externalIds ?? []), contact.externalIds ?? [], ({ source, id }) => externalIdKey(source, id)),
	};
	const set = {
		name: params.name,
		unknown: false,
		...(params.contactManager && { contactManager: params.contactManager }),
		...(customFields && { customFields }),
	};
	await refusingTakenExternalIds(models, addToSet.externalIds, contact._id, () => models.LivechatContacts.mergeInto(contact._id, { set, addToSet }, { session }));
	return [...Object.keys(set), ...Object.entries(addToSet).flatMap(([field, values]) => (values.length ? [field] : []))];
}

function claimKindsOf(matchBy: readonly UpsertMatchKind[]): ('emails' | 'phones')[] {
	return [...(matchBy.includes('email') ? (['emails'] as const) : []), ...(matchBy.includes('phone') ? (['phones'] as const) : [])];
}

type Outcome = { contactId: string; created: boolean; name: string; previousName?: string; visitorIds: string[]; fields: string[] };

/** One attempt, inside one transaction: find the match and update it, or create the contact claiming its keys. */
async function attempt(deps: UpsertDeps, params: UpsertContactParams, matchBy: readonly UpsertMatchKind[], validCustomFields: Record<string, string>, session: ClientSession | undefined): Promise<Outcome> {
	const { models } = deps;
	const match = await findMatch(deps, params, matchBy, session);
	if (match) {
		const fields = await updateMatch(deps, match, params, session);
		const visitorIds = (match.channels ?? []).map(({ visitor }) => visitor.visitorId);
		return { contactId: match._id, created: false, name: params.name, previousName: match.name, visitorIds, fields };
	}
	const contact = {
		createdAt: new Date(),
		name: params.name,
		...(params.emails && { emails: params.emails.map((address) => ({ address })) }),
		...(params.phones && { phones: params.phones.map((phoneNumber) => ({ phoneNumber })) }),
		...(params.contactManager && { contactManager: params.contactManager }),
		...(params.externalIds && { externalIds: distinctExternalIds(params.externalIds) }),
		channels: [],
		customFields: validCustomFields,
		unknown: false,
		preRegistration: true,
	};
	const claim = claimKindsOf(matchBy);
	try {
		const contactId = await models.LivechatContacts.insertContact(contact, { session, claim });
		return { contactId, created: true, name: params.name, visitorIds: [], fields: [] };
	} catch (error) {
		// Our claim, or (when we match by them) an external id, was taken since we looked: a race to retry.
		// An external id we do not match by that another contact has is a conflict instead (409, outside).
		if (isClaimDuplicate(error) || (matchBy.includes('externalId') && (error as { code?: number }).code === 11000)) {
			throw new LostClaimRace();
		}
		throw error;
	}
}

/**
 * Creates or updates a contact by its keys, atomically: the first kind in
 * `matchBy` (default external id, then email, then phone) whose normalized
 * keys find any enabled contact decides. One contact found → it gains the new
 * emails, phones and external ids and takes name, manager and custom fields
 * (`created: false`); none → a new contact (`created: true`); several → 409
 * `error-contact-ambiguous` with their ids, and nothing is written.
 *
 * Racing upserts of the same key create one contact: a new contact claims its
 * email/phone keys of the `matchBy` kinds through a unique index (external ids
 * are unique anyway), so a concurrent create of the same key fails, is rolled
 * back with its transaction, and runs again — now finding and updating the
 * winner. Emits `contact.created` or `contact.updated` after the write. Reused
 * by imports (integrations).
 *
 * @example await upsertContact(deps, { name: 'Ann', emails: ['ann@example.com'], phones: [], externalIds: [{ source: 'crm', id: '42' }] }) // { contactId, created }
 */
export async function upsertContact(deps: UpsertDeps, params: UpsertContactParams): Promise<UpsertContactResult> {
	const matchBy = params.matchBy?.length ? params.matchBy : DEFAULT_MATCH_BY;
	if (params.contactManager) {
		await validateContactManager(deps, params.contactManager);
	}
	const validCustomFields = validateCustomFields(await getAllowedCustomFields(deps), params.customFields ?? {});

	for (let tries = 1; ; tries++) {
		try {
			const outcome = await refusingTakenExternalIds(deps.models, params.externalIds, undefined, () =>
				deps.withTransaction((session) => attempt(deps, params, matchBy, validCustomFields, session)),
			);
			await announce(deps, outcome);
			return { contactId: outcome.contactId, created: outcome.created };
		} catch (error) {
			if (!(error instanceof LostClaimRace)) {
				throw error;
			}
			if (tries >= MAX_ATTEMPTS) {
				throw new ApiError('error-contact-upsert-contended');
			}
			// A claim can outlive its key (the holder's emails were replaced since): free such claims, then retry after a short, jittered pause.
			await deps.models.LivechatContacts.releaseStaleClaims({
				emails: (params.emails ?? []).map((address) => ({ address })),
				phones: (params.phones ?? []).map((phoneNumber) => ({ phoneNumber })),
			});
			await sleep(Math.floor(Math.random() * 2 * tries) + 1);
		}
	}
}

/** After the commit: copy a new name to the contact's rooms, and emit the domain event. */
async function announce(deps: UpsertDeps, outcome: Outcome): Promise<void> {
	const { models, events } = deps;
	if (!outcome.created && outcome.name && outcome.name !== outcome.previousName) {
		await propagateContactName(models, outcome.contactId, outcome.visitorIds, outcome.name);
	}
	const contact = await models.LivechatContacts.findOneById(outcome.contactId);
	if (!contact) {
		return;
	}
	if (outcome.created) {
		events.emit('contact.created', { contact });
	} else {
		events.emit('contact.updated', { contact, fields: outcome.fields });
	}
}
