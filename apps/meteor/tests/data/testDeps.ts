import type { ILivechatContact, IOmnichannelRoom } from '@rocket.chat/core-typings';
import { connectDatabase } from '@omni/database';
import type { IDatabase, ILivechatContactsModel, Models } from '@omni/model-typings';
import pino from 'pino';

import { RateLimiter } from '../../app/api/server/rateLimiter';
import { LoginAttempts } from '../../app/authentication/server/loginAttempts';
import { createAuthorization } from '../../app/authorization/server';
import { systemClock, type Deps } from '../../app/lib/server/deps';
import { createDomainEvents } from '../../app/lib/server/domainEvents';
import { createLicense, ENTERPRISE_MODULES } from '../../app/license/server/license';
import { createVisitorCustomFields } from '../../app/livechat/server/lib/visitorCustomFields';
import { openWorkspace } from '../../server/startServices';

/** The deps of a unit spec, plus the in-memory database under them (close it in `afterEach`). */
export type TestDeps = Deps & { db: IDatabase };

/**
 * Domain deps over a fresh in-memory store, started as the server starts them
 * (indexes, default settings, roles and permissions), with every Enterprise
 * module on unless `enterprise: false`. Nothing is mocked.
 *
 * @example const deps = await openTestDeps(); await createContact(deps, { name: 'Ann', unknown: false });
 */
export async function openTestDeps({ enterprise = true }: { enterprise?: boolean } = {}): Promise<TestDeps> {
	const db = await connectDatabase({});
	const license = createLicense(enterprise ? ENTERPRISE_MODULES : []);
	const { models, settings } = await openWorkspace(db, license);
	const logger = pino({ level: 'silent' });
	// Subscribed as the server subscribes it: writes made straight through the models invalidate it too.
	const visitorCustomFields = createVisitorCustomFields(models);
	visitorCustomFields.start();
	return {
		db,
		models,
		settings,
		authorization: createAuthorization(models),
		visitorCustomFields,
		license,
		events: createDomainEvents(logger),
		clock: systemClock,
		withTransaction: (fn) => db.withTransaction(fn),
		// Off, as under TEST_MODE; loginAttempts.spec.ts turns it on.
		loginAttempts: new LoginAttempts(new RateLimiter(), settings, false),
		logger,
	};
}

/**
 * The same deps, except that the next contact read by id is followed at once
 * by a delete of that contact: the interleaving of a request racing a
 * concurrent `contacts.delete`, made deterministic.
 */
export function withDeleteAfterRead(deps: TestDeps): TestDeps {
	const contacts = deps.models.LivechatContacts;
	const racing: ILivechatContactsModel = Object.create(contacts);
	racing.findOneEnabledById = async (contactId, options) => {
		const found = await contacts.findOneEnabledById(contactId, options);
		await contacts.disableByContactId(contactId);
		return found;
	};
	return { ...deps, models: { ...deps.models, LivechatContacts: racing } };
}

/** Writes a contact directly, the way the visitor subsystem or an import would. */
export async function insertContact(models: Models, fields: Partial<ILivechatContact> & { enabled?: boolean } = {}): Promise<string> {
	return models.LivechatContacts.insertContact({
		name: 'Contact',
		channels: [],
		customFields: {},
		unknown: false,
		createdAt: new Date(),
		...fields,
	});
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

/**
 * For a mocha `describe`: returns an `open` that gives fresh test deps and
 * closes every one it opened after each test.
 *
 * @example const open = useTestDeps(); it('…', async () => { const deps = await open({ enterprise: false }); });
 */
export function useTestDeps(): (options?: { enterprise?: boolean }) => Promise<TestDeps> {
	const opened: TestDeps[] = [];
	afterEach(async () => {
		await Promise.all(opened.splice(0).map((deps) => deps.db.close()));
	});
	return async (options) => {
		const deps = await openTestDeps(options);
		opened.push(deps);
		return deps;
	};
}
