import { createHash } from 'node:crypto';

import { ApiError } from '../../../../../lib/errors/MeteorError';
import type { Deps } from '../../../../lib/server/deps';

/**
 * A strong validator of a contact as the API shows it: the hash of its JSON,
 * so any change to what a client can read gives a new tag.
 *
 * @example contactETag(contact) // '"Yp2l…"'
 */
export function contactETag(contact: object): string {
	return `"${createHash('sha256').update(JSON.stringify(contact)).digest('base64url').slice(0, 27)}"`;
}

/** The tags of an `If-Match`/`If-None-Match` header; `*` stands for any. */
function tagsOf(header: string): string[] {
	return header.split(',').map((tag) => tag.trim()).filter(Boolean);
}

/** `If-Match` uses the strong comparison: a weak tag (`W/"…"`) never matches. */
export function ifMatchAllows(header: string, etag: string): boolean {
	return tagsOf(header).some((tag) => tag === '*' || tag === etag);
}

/** `If-None-Match` uses the weak comparison. */
export function ifNoneMatchHits(header: string, etag: string): boolean {
	return tagsOf(header).some((tag) => tag === '*' || tag.replace(/^W\//, '') === etag);
}

/**
 * With an `If-Match` header: the version of the contact to write
 * conditionally, after checking that the client's tag is the contact's
 * current one (else 412 `error-precondition-failed`). Without the header, or
 * for a missing contact (answered as Rocket.Chat answers it), `undefined`.
 */
export async function versionForIfMatch({ models }: Pick<Deps, 'models'>, contactId: string, ifMatch: string | undefined): Promise<number | undefined> {
	if (ifMatch === undefined) {
		return undefined;
	}
	const current = await models.LivechatContacts.findOneEnabledWithVersion(contactId);
	if (!current) {
		return undefined;
	}
	if (!ifMatchAllows(ifMatch, contactETag(current.contact))) {
		throw new ApiError('error-precondition-failed');
	}
	return current.version;
}

/**
 * A conditional write matched nothing: the contact was deleted (the caller's
 * not-found answer) or written since it was checked (412).
 */
export async function assertDeletedNotChanged({ models }: Pick<Deps, 'models'>, contactId: string, expectedVersion: number | undefined): Promise<void> {
	if (expectedVersion !== undefined && (await models.LivechatContacts.findOneEnabledWithVersion(contactId))) {
		throw new ApiError('error-precondition-failed');
	}
}
