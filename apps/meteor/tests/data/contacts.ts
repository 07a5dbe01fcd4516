import { randomBytes } from 'node:crypto';

import { expect } from 'chai';
import type { Response } from 'supertest';

import { api, credentials, request, type Credentials } from './api-data';
import { createRoom, createVisitor, withSettings } from './livechat';

/** Helpers of the contacts API tests (omnichannel-contacts-*.ts), on the shared TEST_MODE server. */

export const NOT_LOGGED_IN = {
	success: false,
	error: 'You must be logged in to do this.',
	status: 'error',
	message: 'You must be logged in to do this.',
};

export const PERMISSION_DENIED = {
	success: false,
	error: 'User does not have the permissions required for this action [error-unauthorized]',
};

export const UNKNOWN_CONTACT_ID = '65f0c0ffee0123456789abcd';

/** A token that makes this run's contacts findable among everyone else's. */
export function uniqueToken(): string {
	return `zq${randomBytes(5).toString('hex')}`;
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

export function invalidParams(error: string): Record<string, unknown> {
	return { success: false, error: `${error} [invalid-params]`, errorType: 'invalid-params' };
}

export async function createContact(body: Record<string, unknown>, auth: Credentials = credentials): Promise<string> {
	const res = await request.post(api('omnichannel/contacts')).set(auth).send({ emails: [], phones: [], ...body });
	expect(res.status, JSON.stringify(res.body)).to.equal(200);
	return res.body.contactId;
}

export async function getContact(contactId: string, auth: Credentials = credentials): Promise<Response> {
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

/** A unique, lower-case address (visitor emails are stored lower-cased, so only those match a contact's). */
export function uniqueEmail(): string {
	return `${uniqueToken()}@conflict.example`;
}

/**
 * Gives the pre-registered contact with this email a `name` conflict the way
 * Rocket.Chat does: a visitor with the same email and another name opens a
 * room, the contact keeps its name and records the visitor's as a conflict.
 */
export async function addNameConflict(email: string, visitorName = 'Conflicting Visitor'): Promise<void> {
	await withSettings({ Livechat_accept_chats_with_no_agents: true }, async () => {
		const visitor = await createVisitor({ name: visitorName, email });
		await createRoom(visitor.token);
	});
}

export async function deleteContact(contactId: string): Promise<void> {
	const res = await request.post(api('omnichannel/contacts.delete')).set(credentials).send({ contactId });
	expect(res.status, JSON.stringify(res.body)).to.equal(200);
}
