import { randomBytes } from 'node:crypto';

import { api, credentials, request, type Credentials } from './api-data';

/*
 * Livechat helpers in the style of Rocket.Chat's `tests/data/livechat/*`:
 * every step goes through the public API.
 */

export type Visitor = { _id: string; token: string; username: string; name?: string };

export function newToken(): string {
	return `tok-${randomBytes(8).toString('hex')}`;
}

export async function updateSetting(_id: string, value: unknown, auth: Credentials = credentials): Promise<void> {
	const res = await request.post(api(`settings/${_id}`)).set(auth).send({ value });
	if (res.status !== 200) {
		throw new Error(`setting ${_id} failed: ${res.status} ${JSON.stringify(res.body)}`);
	}
}

export async function getSetting<T = unknown>(_id: string): Promise<T> {
	return (await request.get(api(`settings/${_id}`)).set(credentials).expect(200)).body.value;
}

/** Runs `fn` with settings changed, then restores the previous values. */
export async function withSettings<T>(values: Record<string, unknown>, fn: () => Promise<T>): Promise<T> {
	const previous: Record<string, unknown> = {};
	for (const [id, value] of Object.entries(values)) {
		previous[id] = await getSetting(id);
		await updateSetting(id, value);
	}
	try {
		return await fn();
	} finally {
		for (const [id, value] of Object.entries(previous)) {
			await updateSetting(id, value);
		}
	}
}

export async function createVisitor(fields: Record<string, unknown> = {}): Promise<Visitor> {
	const token = (fields.token as string) ?? newToken();
	const res = await request
		.post(api('livechat/visitor'))
		.send({ visitor: { name: `Visitor ${token}`, email: `${token}@visitor.example`, ...fields, token } });
	if (res.status !== 200) {
		throw new Error(`livechat/visitor failed: ${res.status} ${JSON.stringify(res.body)}`);
	}
	return res.body.visitor;
}

/** Makes a user an available agent through the API (Rocket.Chat's `createAgent` + `makeAgentAvailable`). */
export async function makeAgentAvailable(username: string, auth: Credentials): Promise<void> {
	await request.post(api('livechat/users/agent')).set(credentials).send({ username }).expect(200);
	await request.post(api('users.setStatus')).set(auth).send({ status: 'online', message: '' }).expect(200);
	await request.post(api('livechat/agent.status')).set(auth).send({ status: 'available' }).expect(200);
}

export async function makeAgentUnavailable(auth: Credentials): Promise<void> {
	await request.post(api('livechat/agent.status')).set(auth).send({ status: 'not-available' }).expect(200);
}

export async function createRoom(token: string, query: Record<string, string> = {}) {
	const res = await request.get(api('livechat/room')).query({ token, ...query });
	if (res.status !== 200) {
		throw new Error(`livechat/room failed: ${res.status} ${JSON.stringify(res.body)}`);
	}
	return res.body.room;
}

export async function getInquiry(roomId: string) {
	return (await request.get(api('livechat/inquiries.getOne')).set(credentials).query({ roomId }).expect(200)).body.inquiry;
}

export function takeInquiry(inquiryId: string, auth: Credentials = credentials) {
	return request.post(api('livechat/inquiries.take')).set(auth).send({ inquiryId });
}

export function sendMessage(token: string, rid: string, msg: string) {
	return request.post(api('livechat/message')).send({ token, rid, msg });
}

export function closeByUser(rid: string, auth: Credentials = credentials, comment = 'closing') {
	return request.post(api('livechat/room.closeByUser')).set(auth).send({ rid, comment });
}

export async function getRoomInfo(roomId: string) {
	return (await request.get(api('channels.info')).set(credentials).query({ roomId }).expect(200)).body.channel;
}

export async function getContact(contactId: string) {
	return (await request.get(api('omnichannel/contacts.get')).set(credentials).query({ contactId }).expect(200)).body.contact;
}

/** An error body without the TEST_MODE-only `stack`, for exact comparisons. */
export function errorBody(res: { body: Record<string, unknown> }): Record<string, unknown> {
	const { stack: _stack, ...body } = res.body;
	return body;
}
