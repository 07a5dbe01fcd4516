import { randomBytes } from 'node:crypto';

import { expect } from 'chai';
import type { Response } from 'supertest';

import { api, credentials, request, type Credentials } from './api-data';

/*
 * Contact helpers for the "Beyond Rocket.Chat" API tests: every step goes
 * through the public API of the shared TEST_MODE server.
 */

/** A token that makes this run's contacts findable among everyone else's. */
export function uniqueToken(): string {
	return `dq${randomBytes(5).toString('hex')}`;
}

/** Exception-derived 400s carry a TEST_MODE `stack`; everything else must match exactly. */
export function expectFailure(res: Response, status: number, body: Record<string, unknown>): void {
	expect(res.status, JSON.stringify(res.body)).to.equal(status);
	const { stack, ...rest } = res.body;
	expect(rest).to.deep.equal(body);
	if (stack !== undefined) {
		expect(stack).to.be.a('string');
	}
}

/** `POST omnichannel/contacts`; returns the new id. */
export async function createContact(body: Record<string, unknown>, auth: Credentials = credentials): Promise<string> {
	const res = await request.post(api('omnichannel/contacts')).set(auth).send({ name: 'Contact', emails: [], phones: [], ...body });
	expect(res.status, JSON.stringify(res.body)).to.equal(200);
	return res.body.contactId;
}

export function getContact(contactId: string, auth: Credentials = credentials): Promise<Response> {
	return request.get(api('omnichannel/contacts.get')).set(auth).query({ contactId });
}

export function checkExistence(query: Record<string, string>, auth: Credentials = credentials): Promise<Response> {
	return request.get(api('omnichannel/contacts.checkExistence')).set(auth).query(query);
}

export function searchContacts(query: Record<string, string | number | boolean>, auth: Credentials = credentials): Promise<Response> {
	return request.get(api('omnichannel/contacts.search')).set(auth).query(query);
}

export function upsertContact(body: Record<string, unknown>, auth: Credentials = credentials, headers: Record<string, string> = {}): Promise<Response> {
	return request.post(api('omnichannel/contacts.upsert')).set(auth).set(headers).send(body);
}
