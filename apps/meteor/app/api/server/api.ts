import type { Action, Actions, Method, ParamsValidator, RateLimiterOptions, RouteOptions } from './definition';
import { resolvePermissionCheck, type ResolvedPermissionCheck } from './permissions';
import { failure, forbidden, internalError, notFound, success, tooManyRequests, unauthorized } from './responses';
import { resolveValidator } from './validation';

/** One method of one route, with its options resolved once at registration. */
export interface RegisteredRoute {
	/** Full path pattern, e.g. `/api/v1/livechat/users/:type/:_id`. */
	readonly path: string;
	readonly method: Method;
	readonly action: Action;
	readonly authRequired: boolean;
	readonly permission: ResolvedPermissionCheck;
	readonly validator: ParamsValidator | undefined;
	readonly typed: boolean;
	readonly idempotent: boolean;
	readonly twoFactorRequired: boolean;
	/** Enterprise modules the route needs; `undefined` for community routes. */
	readonly license: RouteOptions['license'];
	/** `undefined`: not rate limited. `{}`: limited with the settings' defaults. */
	readonly rateLimit: RateLimiterOptions | undefined;
	/** `"<METHOD> <path>"`, the route half of the limiter key. */
	readonly rateLimitRouteKey: string;
}

const METHOD_BY_ACTION: Record<keyof Actions, Method> = { get: 'GET', post: 'POST', put: 'PUT', delete: 'DELETE' };

function resolveRateLimit(options: RouteOptions, limitedByDefault: boolean): RateLimiterOptions | undefined {
	if (options.rateLimiterOptions === false || !limitedByDefault) {
		return undefined;
	}
	return options.rateLimiterOptions ?? {};
}

/**
 * A route registry in Rocket.Chat's style: route modules call `addRoute` at
 * import time, and the server mounts `routes` when it starts.
 */
export class APIClass {
	readonly routes: RegisteredRoute[] = [];

	readonly success = success;

	readonly failure = failure;

	readonly notFound = notFound;

	readonly unauthorized = unauthorized;

	readonly forbidden = forbidden;

	readonly tooManyRequests = tooManyRequests;

	readonly internalError = internalError;

	/**
	 * @param prefix   mount point, e.g. `/api/v1`
	 * @param rateLimitedByDefault whether routes get the settings-driven limiter unless they opt out
	 */
	constructor(
		readonly prefix: string,
		private readonly rateLimitedByDefault: boolean,
	) {}

	/**
	 * @example API.v1.addRoute('me', { authRequired: true }, { async get() { return API.v1.success({ ... }); } });
	 */
	addRoute(path: string | string[], actions: Actions): void;

	addRoute(path: string | string[], options: RouteOptions, actions: Actions): void;

	addRoute(path: string | string[], optionsOrActions: RouteOptions | Actions, maybeActions?: Actions): void {
		const options = (maybeActions ? optionsOrActions : {}) as RouteOptions;
		const actions = (maybeActions ?? optionsOrActions) as Actions;
		for (const onePath of Array.isArray(path) ? path : [path]) {
			for (const [name, action] of Object.entries(actions) as [keyof Actions, Action | undefined][]) {
				if (action) {
					this.register(`${this.prefix}/${onePath}`, METHOD_BY_ACTION[name], action, options);
				}
			}
		}
	}

	private register(path: string, method: Method, action: Action, options: RouteOptions): void {
		if (this.routes.some((route) => route.path === path && route.method === method)) {
			throw new Error(`Route ${method} ${path} is declared twice`);
		}
		this.routes.push({
			path,
			method,
			action,
			authRequired: options.authRequired === true,
			permission: resolvePermissionCheck(options.permissionsRequired, method),
			validator: resolveValidator(options.validateParams, method),
			typed: options.typed === true,
			idempotent: options.idempotent === true,
			twoFactorRequired: options.twoFactorRequired === true,
			license: options.license,
			rateLimit: resolveRateLimit(options, this.rateLimitedByDefault),
			rateLimitRouteKey: `${method} ${path}`,
		});
	}
}

/** `API.v1` routes live under `/api/v1/` and are rate limited; `API.default` ones (e.g. `info`) under `/api/`. */
export const API = {
	v1: new APIClass('/api/v1', true),
	default: new APIClass('/api', false),
};
