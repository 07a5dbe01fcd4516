import path from 'node:path';

import { parseTrustedProxies } from '../app/api/server/clientAddress';
import { DEFAULT_PASSWORD_HASH_WORKERS } from '../app/authentication/server/password';
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
	/** `BODY_LIMIT` in bytes, default 1 MiB (see README "Limits and guarantees"). */
	bodyLimit: number;
	/** `BIND_IP`, the address to listen on; default `0.0.0.0` as Rocket.Chat. */
	bindIp: string;
	/** `TRUSTED_PROXIES`: IPs, CIDR ranges or `loopback` whose `X-Real-IP`/`X-Forwarded-For` are believed; default none. */
	trustedProxies: string;
	/** Connection hygiene for the listening server (not for a host that mounts the handler). */
	http: HttpLimits;
	/** `RATE_LIMITER_MAX_ENTRIES`: most windows the in-process limiter keeps (least recently used go first). */
	rateLimiterMaxEntries: number;
	/** `PASSWORD_HASH_WORKERS`: worker threads that run bcrypt, default one less than the cores (at least 1). */
	passwordHashWorkers: number;
	/** `ENTERPRISE`: the Enterprise modules that are on; all by default, none in community mode. */
	enterpriseModules: EnterpriseModule[];
}

export interface HttpLimits {
	/** `HTTP_REQUEST_TIMEOUT_MS`: a whole request (headers and body) must arrive within this; 408 otherwise. */
	requestTimeoutMs: number;
	/** `HTTP_HEADERS_TIMEOUT_MS`: the headers must arrive within this; 408 otherwise. */
	headersTimeoutMs: number;
	/** `HTTP_KEEP_ALIVE_TIMEOUT_MS`: an idle keep-alive connection is closed after this. */
	keepAliveTimeoutMs: number;
	/** `MAX_CONNECTIONS_PER_IP`: open connections one client address may hold (trusted proxies are exempt); 0 = no cap. */
	maxConnectionsPerIp: number;
}

/** A contact write within every input limit is under 0.5 MB; 1 MiB leaves room (Rocket.Chat's 50 MB serves file uploads, not this API). */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
	requestTimeoutMs: 30_000,
	headersTimeoutMs: 10_000,
	keepAliveTimeoutMs: 72_000,
	maxConnectionsPerIp: 256,
};

export const DEFAULT_RATE_LIMITER_MAX_ENTRIES = 100_000;


function nonEmpty(value: string | undefined): string | undefined {
	return value === undefined || value === '' ? undefined : value;
}

function parseNonNegativeInt(name: string, value: string | undefined, fallback: number, min = 0): number {
	if (nonEmpty(value) === undefined) {
		return fallback;
	}
	const parsed = Number(value);
	if (!Number.isSafeInteger(parsed) || parsed < min) {
		throw new Error(`${name} must be ${min === 0 ? 'a non-negative integer' : `an integer of at least ${min}`}, got "${value}"`);
	}
	return parsed;
}

/** Checked here so a typo stops the start instead of silently trusting nobody. */
function checkedTrustedProxies(value: string | undefined): string {
	const text = nonEmpty(value) ?? '';
	parseTrustedProxies(text);
	return text;
}

function readHttpLimits(env: NodeJS.ProcessEnv): HttpLimits {
	const requestTimeoutMs = parseNonNegativeInt('HTTP_REQUEST_TIMEOUT_MS', env.HTTP_REQUEST_TIMEOUT_MS, DEFAULT_HTTP_LIMITS.requestTimeoutMs, 1);
	const headersTimeoutMs = parseNonNegativeInt('HTTP_HEADERS_TIMEOUT_MS', env.HTTP_HEADERS_TIMEOUT_MS, DEFAULT_HTTP_LIMITS.headersTimeoutMs, 1);
	return {
		requestTimeoutMs,
		// Node requires the headers deadline to be no later than the whole request's.
		headersTimeoutMs: Math.min(headersTimeoutMs, requestTimeoutMs),
		keepAliveTimeoutMs: parseNonNegativeInt('HTTP_KEEP_ALIVE_TIMEOUT_MS', env.HTTP_KEEP_ALIVE_TIMEOUT_MS, DEFAULT_HTTP_LIMITS.keepAliveTimeoutMs, 1),
		maxConnectionsPerIp: parseNonNegativeInt('MAX_CONNECTIONS_PER_IP', env.MAX_CONNECTIONS_PER_IP, DEFAULT_HTTP_LIMITS.maxConnectionsPerIp),
	};
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
		bindIp: nonEmpty(env.BIND_IP) ?? '0.0.0.0',
		trustedProxies: checkedTrustedProxies(env.TRUSTED_PROXIES),
		http: readHttpLimits(env),
		rateLimiterMaxEntries: parseNonNegativeInt('RATE_LIMITER_MAX_ENTRIES', env.RATE_LIMITER_MAX_ENTRIES, DEFAULT_RATE_LIMITER_MAX_ENTRIES, 1),
		passwordHashWorkers: parseNonNegativeInt('PASSWORD_HASH_WORKERS', env.PASSWORD_HASH_WORKERS, DEFAULT_PASSWORD_HASH_WORKERS, 1),
		enterpriseModules: parseEnterpriseModules(env.ENTERPRISE),
	};
}
