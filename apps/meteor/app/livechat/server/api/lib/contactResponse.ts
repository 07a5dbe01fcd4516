import type { ILivechatContact } from '@rocket.chat/core-typings';

import type { RouteResult } from '../../../../api/server/definition';
import { headerValue } from '../../../../../lib/utils/headerValue';
import { notFound, success } from '../../../../api/server/responses';
import { contactETag, ifNoneMatchHits } from '../../lib/contacts/contactETag';

/**
 * `{contact, success}` with the contact's `ETag`; 304 with no body when the
 * request's `If-None-Match` names the current tag.
 */
export function contactResponse(headers: Record<string, string | string[] | undefined>, contact: ILivechatContact): RouteResult {
	const etag = contactETag(contact);
	const ifNoneMatch = headerValue(headers['if-none-match']);
	if (ifNoneMatch !== undefined && ifNoneMatchHits(ifNoneMatch, etag)) {
		return { statusCode: 304, body: undefined, headers: { ETag: etag } };
	}
	return { ...success({ contact }), headers: { ETag: etag } };
}

/** Rocket.Chat's 404 `{success:false, error:"Resource not found"}`, plus `mergedInto` for a contact `contacts.merge` folded into another. */
export function contactNotFound(mergedInto: string | undefined): RouteResult {
	const answer = notFound();
	return mergedInto === undefined ? answer : { ...answer, body: { ...(answer.body as object), mergedInto } };
}
