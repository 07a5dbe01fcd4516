import { randomUUID } from 'node:crypto';

import { createModels, ensureIndexes } from '@omni/models';
import type { IDatabase, Models } from '@omni/model-typings';
import type { Logger } from 'pino';

import type { ApiServices } from '../app/api/server/services';
import { RateLimiter } from '../app/api/server/rateLimiter';
import { SharedRateLimiter } from '../app/api/server/sharedRateLimiter';
import { ensureAdminUser } from '../app/authentication/server/ensureAdminUser';
import { createAuthorization, seedRolesAndPermissions } from '../app/authorization/server';
import { systemClock } from '../app/lib/server/deps';
import { createDomainEvents } from '../app/lib/server/domainEvents';
import { createLicense, type License } from '../app/license/server/license';
import { startMatchKeysBackfill } from '../app/livechat/server/lib/contacts/matchKeysBackfill';
import { createVisitorCustomFields } from '../app/livechat/server/lib/visitorCustomFields';
import { seedSettings } from '../app/settings/server/seedSettings';
import { SettingsCache } from '../app/settings/server/SettingsCache';
import type { ServerConfig } from './config';

const IDEMPOTENCY_SWEEP_MS = 60 * 60 * 1000;

export interface RunningServices extends ApiServices {
	readonly instanceId: string;
	/** Stops change-event subscriptions and timers; the database stays open. */
	stop(): Promise<void>;
}

/**
 * Models with their indexes, default settings, roles and permissions seeded
 * (Enterprise ones too when the licence has them), and the settings loaded into memory.
 */
export async function openWorkspace(db: IDatabase, license: License): Promise<{ models: Models; settings: SettingsCache }> {
	// Contacts' phone keys follow a setting, read at each write (the settings live in the models being created).
	let settings: SettingsCache | undefined;
	const models = createModels(db, { contactKeys: { phoneRegion: () => settings?.get<string>('Omnichannel_Contact_Default_Phone_Region') ?? '' } });
	await ensureIndexes(models);
	await seedSettings(models);
	await seedRolesAndPermissions({ models, license });
	settings = new SettingsCache(models);
	await settings.load();
	return { models, settings };
}

/**
 * Startup over an open database: indexes → seed settings, roles and
 * permissions → the admin user → caches subscribed to change events.
 *
 * @param print writes a line for the operator (e.g. a generated admin password)
 */
export async function startServices(db: IDatabase, config: ServerConfig, logger: Logger, print: (line: string) => void): Promise<RunningServices> {
	const license = createLicense(config.enterpriseModules);
	const { models, settings } = await openWorkspace(db, license);
	settings.start();

	await ensureAdminUser(
		models,
		{ testMode: config.testMode, adminUsername: config.adminUsername, adminPassword: config.adminPassword, adminEmail: config.adminEmail },
		print,
	);

	const authorization = createAuthorization(models);
	await authorization.start();
	const visitorCustomFields = createVisitorCustomFields(models);
	visitorCustomFields.start();

	// Instances sharing a MongoDB share the counters too, so they enforce one limit together.
	const rateLimiter = db.sharedChangeEvents ? new SharedRateLimiter(models.RateLimitCounters) : new RateLimiter();

	// MongoDB's TTL index drops expired idempotency keys; the embedded store has no TTL, so sweep hourly.
	const idempotencySweep = setInterval(() => {
		models.IdempotencyKeys.deleteExpired(new Date()).catch((err: unknown) => logger.error({ err }, 'idempotency key sweep failed'));
	}, IDEMPOTENCY_SWEEP_MS);
	idempotencySweep.unref();

	// Contacts written before normalized keys existed (or before the phone region changed) get them in the background.
	const matchKeysBackfill = startMatchKeysBackfill({ models, settings, logger });

	return {
		models,
		authorization,
		visitorCustomFields,
		settings,
		license,
		events: createDomainEvents(logger),
		clock: systemClock,
		logger,
		withTransaction: (fn) => db.withTransaction(fn),
		rateLimiter,
		testMode: config.testMode,
		nodeEnv: config.nodeEnv,
		instanceId: config.instanceId ?? randomUUID(),
		async stop() {
			rateLimiter.stop();
			clearInterval(idempotencySweep);
			await matchKeysBackfill.stop();
			await Promise.all([authorization.stop(), visitorCustomFields.stop(), settings.stop()]);
		},
	};
}
