import path from 'node:path';

import { ENTERPRISE_MODULES, type EnterpriseModule } from '../app/license/server/license';

/** Server configuration, read once from the environment at startup. */
export interface ServerConfig {
	/** `PORT`, default 3000; `0` picks a free port (the startup line shows which). */
	port: number;
	/** `ROOT_URL`, the public URL; default `http://localhost:<listening port>`. */
	rootUrl: string | undefined;
	/** `MONGO_URL`: use this MongoDB instead of the embedded store. */
	mongoUrl: string | undefined;
	/** `DATA_DIR` for the embedded store, default `./.data` under the working directory. */
	dataDir: string;
	/** `LOG_LEVEL`, default `info`. */
	logLevel: string;
	/** `TEST_MODE` set (canonically `true`). */
	testMode: boolean;
	adminUsername: string | undefined;
	adminPassword: string | undefined;
	adminEmail: string | undefined;
	nodeEnv: string | undefined;
	/** `INSTANCE_ID`, sent as `X-Instance-ID`; a random id per process when unset. */
	instanceId: string | undefined;
	/** `BODY_LIMIT` in bytes, default 50 MB (Rocket.Chat's limit). */
	bodyLimit: number;
	/** `ENTERPRISE`: the Enterprise modules that are on; all by default, none in community mode. */
	enterpriseModules: EnterpriseModule[];
}

export const DEFAULT_BODY_LIMIT = 50 * 1024 * 1024;

function nonEmpty(value: string | undefined): string | undefined {
	return value === undefined || value === '' ? undefined : value;
}

function parseNonNegativeInt(name: string, value: string | undefined, fallback: number): number {
	if (nonEmpty(value) === undefined) {
		return fallback;
	}
	const parsed = Number(value);
	if (!Number.isInteger(parsed) || parsed < 0) {
		throw new Error(`${name} must be a non-negative integer, got "${value}"`);
	}
	return parsed;
}

/** TEST_MODE counts as on when set to anything but an empty string, `false` or `0`. */
function isOn(value: string | undefined): boolean {
	return nonEmpty(value) !== undefined && value !== 'false' && value !== '0';
}

/**
 * `ENTERPRISE` unset, `true`, `1` or `on`: every Enterprise module (there is no licence server);
 * `false`, `0` or `off`: community mode; otherwise a comma-separated list of module names.
 */
function parseEnterpriseModules(value: string | undefined): EnterpriseModule[] {
	const text = nonEmpty(value)?.trim().toLowerCase();
	if (text === undefined || ['true', '1', 'on'].includes(text)) {
		return [...ENTERPRISE_MODULES];
	}
	if (['false', '0', 'off'].includes(text)) {
		return [];
	}
	const modules = text.split(',').map((name) => name.trim()).filter(Boolean);
	const unknown = modules.find((name) => !(ENTERPRISE_MODULES as readonly string[]).includes(name));
	if (unknown !== undefined) {
		throw new Error(`ENTERPRISE names an unknown module "${unknown}" (known: ${ENTERPRISE_MODULES.join(', ')}; or true/false)`);
	}
	return modules as EnterpriseModule[];
}

/** @example readConfig({ PORT: '4000', TEST_MODE: 'true' }).testMode // true */
export function readConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ServerConfig {
	return {
		port: parseNonNegativeInt('PORT', env.PORT, 3000),
		rootUrl: nonEmpty(env.ROOT_URL),
		mongoUrl: nonEmpty(env.MONGO_URL),
		dataDir: path.resolve(cwd, nonEmpty(env.DATA_DIR) ?? '.data'),
		logLevel: nonEmpty(env.LOG_LEVEL) ?? 'info',
		testMode: isOn(env.TEST_MODE),
		adminUsername: nonEmpty(env.ADMIN_USERNAME),
		adminPassword: nonEmpty(env.ADMIN_PASS),
		adminEmail: nonEmpty(env.ADMIN_EMAIL),
		nodeEnv: nonEmpty(env.NODE_ENV),
		instanceId: nonEmpty(env.INSTANCE_ID),
		bodyLimit: parseNonNegativeInt('BODY_LIMIT', env.BODY_LIMIT, DEFAULT_BODY_LIMIT),
		enterpriseModules: parseEnterpriseModules(env.ENTERPRISE),
	};
}
