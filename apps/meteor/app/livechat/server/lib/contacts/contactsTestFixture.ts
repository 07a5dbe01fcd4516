import type { ILivechatContact, IOmnichannelRoom } from '@rocket.chat/core-typings';
import { connectDatabase } from '@omni/models/src/connect';
import { createModels, ensureIndexes, type IDatabase, type Models } from '@omni/models';

import { SettingsCache } from '../../../../settings/server/SettingsCache';
import { seedSettings } from '../../../../settings/server/seedSettings';

export type ContactsTestContext = { db: IDatabase; models: Models; settings: SettingsCache };

/** A fresh in-memory store with indexes and default settings, as the server starts it. */
export async function openContactsTestContext(): Promise<ContactsTestContext> {
	const db = await connectDatabase({});
	const models = createModels(db);
	await ensureIndexes(models);
	await seedSettings(models);
	const settings = new SettingsCache(models);
	await settings.load();
	return { db, models, settings };
}

/** Writes a contact directly, the way the visitor subsystem or an import would. */
export async function insertContact(models: Models, fields: Partial<ILivechatContact> & { enabled?: boolean } = {}): Promise<string> {
	const { insertedId } = await models.LivechatContacts.insertOne({
		name: 'Contact',
		channels: [],
		customFields: {},
		unknown: false,
		createdAt: new Date(),
		...fields,
	} as ILivechatContact);
	return insertedId;
}

/** A closed (or, without `closedAt`, open) livechat room of a contact. */
export async function insertLivechatRoom(models: Models, fields: Partial<IOmnichannelRoom>): Promise<string> {
	const { insertedId } = await models.Rooms.insertOne({
		t: 'l',
		ts: new Date(),
		msgs: 1,
		v: { _id: 'visitor', username: 'guest-1', token: 'token' },
		source: { type: 'widget' },
		...fields,
	} as IOmnichannelRoom);
	return insertedId;
}

/** An omnichannel agent that can be a contact manager. */
export async function insertAgent(models: Models, fields: { name?: string; username: string }): Promise<string> {
	const { insertedId } = await models.Users.insertOne({
		type: 'user',
		roles: ['user', 'livechat-agent'],
		active: true,
		createdAt: new Date(),
		...fields,
	} as never);
	return insertedId;
}
