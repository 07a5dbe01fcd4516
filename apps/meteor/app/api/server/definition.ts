import type { IUser } from '@rocket.chat/core-typings';
import type { Models } from '@omni/model-typings';
import type { ValidateFunction } from 'ajv';
import type { Logger } from 'pino';

import type { Authorization } from '../../authorization/server';
import type { Deps } from '../../lib/server/deps';
import type { EnterpriseModule } from '../../license/server/license';
import type { SettingsCache } from '../../settings/server/SettingsCache';

/** HTTP methods a route may declare actions for. */
export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** `{ operation, permissions }`: the long form Rocket.Chat accepts per method. */
export type PermissionCheck = { operation: 'hasAll' | 'hasAny'; permissions: string[] };

/**
 * The three shapes Rocket.Chat accepts: a list (hasAll, every method);
 * `{ GET: [...], '*': [...] }`; `{ POST: { operation, permissions } }`.
 */
export type PermissionsRequired = string[] | Partial<Record<Method | '*', string[] | PermissionCheck>>;

/** A validator in `@rocket.chat/rest-typings` style: an ajv function with `.errors`. */
export type ParamsValidator = ValidateFunction | ((params: unknown) => boolean) & { errors?: ValidateFunction['errors'] };

export interface RateLimiterOptions {
	numRequestsAllowed?: number;
	intervalTimeInMS?: number;
}

export interface RouteOptions {
	authRequired?: boolean;
	permissionsRequired?: PermissionsRequired;
	/** One validator for the route, or one per method. GET validates the query, others the body. */
	validateParams?: ParamsValidator | Partial<Record<Method, ParamsValidator>>;
	/** `false` turns the limiter off for this route. */
	rateLimiterOptions?: RateLimiterOptions | false;
	/** Ask for a second factor after the permission check (skipped under TEST_MODE); see `twoFactor.ts`. */
	twoFactorRequired?: boolean;
	/**
	 * Typed-route behaviour (Rocket.Chat's newer router, used by `contacts.delete`):
	 * the body is validated before authentication and the error carries no suffix.
	 */
	typed?: boolean;
	/**
	 * Honour an optional `Idempotency-Key` header (after validation and
	 * permissions): a retry replays the first response instead of running again.
	 * See `idempotency.ts` for the contract.
	 */
	idempotent?: boolean;
	/**
	 * Enterprise modules the route needs (Rocket.Chat's `license` option). Without
	 * one of them the route answers 404 `"404 Not Found"` before anything else runs.
	 */
	license?: EnterpriseModule[];
}

/** What an action returns: a status, a JSON body and optional extra headers. */
export interface RouteResult<B = unknown> {
	statusCode: number;
	body: B;
	headers?: Record<string, string>;
}

/** `this` inside an action, modelled on Rocket.Chat's route context. */
export interface ActionContext {
	readonly userId: string | undefined;
	readonly user: IUser | undefined;
	readonly bodyParams: Record<string, any>;
	readonly queryParams: Record<string, any>;
	readonly urlParams: Record<string, string>;
	readonly method: Method;
	readonly headers: Record<string, string | string[] | undefined>;
	/** The raw token the caller authenticated with (logout needs it). */
	readonly authToken: string | undefined;
	readonly clientIp: string;
	/** The domain deps, handed to domain functions as they are. */
	readonly deps: Deps;
	readonly models: Models;
	readonly authorization: Authorization;
	/** Workspace settings, read from memory. */
	readonly settings: SettingsCache;
	readonly logger: Logger;
	/** `offset`/`count` per Rocket.Chat's rules (settings-aware). */
	getPaginationItems(): { offset: number; count: number };
	/** Parses `sort` (JSON, values 1/-1) like Rocket.Chat's `parseJsonQuery`. */
	parseJsonQuery(): { sort?: Record<string, 1 | -1> };
}

export type Action = (this: ActionContext) => Promise<RouteResult | void> | RouteResult | void;

export type Actions = Partial<Record<'get' | 'post' | 'put' | 'delete', Action>>;
