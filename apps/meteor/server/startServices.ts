import { randomUUID } from 'node:crypto';

import { createModels, ensureIndexes } from '@omni/models';
import type { IDatabase, Models } from '@omni/model-typings';
import type { Logger } from 'pino';

import type { ApiServices } from '../app/api/server/services';
import { RateLimiter } from '../app/api/server/rateLimiter';
import { SharedRateLimiter } from '../app/api/server/sharedRateLimiter';
import { ensureAdminUser } from '../app/authentication/server/ensureAdminUser';
import { LoginAttempts } from '../app/authentication/server/loginAttempts';
import { EXPIRED_TOKEN_SWEEP_MS, loginExpirationMs } from '../app/authentication/server/loginExpiration';
import { configurePasswordHashing, stopPasswordHashing } from '../app/authentication/server/password';
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
	configurePasswordHashing(config.passwordHashWorkers);
	const license = createLicense(config.enterpriseModules);
	const { models, settings } = await openWorkspace(db, license);
	settings.start();

	const identities = await models.Users.backfillIdentityKeys();
	if (identities.conflicts.length > 0) {
		logger.warn(
			{ userIds: identities.conflicts },
			'users whose username or email differs only in case from another user\'s: they cannot log in by that name until one is renamed',
		);
	}

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
	const rateLimiter = db.sharedChangeEvents
		? new SharedRateLimiter(models.RateLimitCounters)
		: new RateLimiter(undefined, config.rateLimiterMaxEntries);
	// Failed logins have counters of their own, so no flood of route-limiter keys can evict a lockout.
	const loginCounters = db.sharedChangeEvents ? rateLimiter : new RateLimiter(undefined, config.rateLimiterMaxEntries);


	// Login tokens past Accounts_LoginExpiration are refused on every request; Meteor also removes them, at start and every 10 minutes.
	const sweepExpiredTokens = () =>
		models.Users.removeExpiredLoginTokens(new Date(Date.now() - loginExpirationMs(settings))).catch((err: unknown) =>
			logger.error({ err }, 'expired login token sweep failed'),
		);
	await sweepExpiredTokens();
	const tokenSweep = setInterval(sweepExpiredTokens, EXPIRED_TOKEN_SWEEP_MS);
	tokenSweep.unref();

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
		loginAttempts: new LoginAttempts(loginCounters, settings, !config.testMode),
		rateLimiter,
		testMode: config.testMode,
		nodeEnv: config.nodeEnv,
		instanceId: config.instanceId ?? randomUUID(),
		async stop() {
			rateLimiter.stop();
			loginCounters.stop();
			await stopPasswordHashing();
			clearInterval(idempotencySweep);
			clearInterval(tokenSweep);
			await matchKeysBackfill.stop();
			await Promise.all([authorization.stop(), visitorCustomFields.stop(), settings.stop()]);
		},
	};
}
