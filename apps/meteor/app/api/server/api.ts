import type { Action, Actions, Method, RateLimiterOptions, ResponseValidators, RouteOptions, TypedContextFor, TypedRouteOptions } from './definition';
import { resolvePermissionCheck, type ResolvedPermissionCheck } from './permissions';
import { failure, forbidden, internalError, notFound, success, unauthorized } from './responses';
import { addRouteCheck, type ParamsCheck, typedRouteChecks } from './validation';

/** One method of one route, with its options resolved once at registration. */
export interface RegisteredRoute {
	/** Full path pattern, e.g. `/api/v1/livechat/users/:type/:_id`. */
	readonly path: string;
	readonly method: Method;
	readonly action: Action;
	readonly authRequired: boolean;
	readonly permission: ResolvedPermissionCheck;
	/** Typed declarations: query/body checks run before authentication. */
	readonly checksBeforeAuth: readonly ParamsCheck[];
	/** `addRoute`: the `validateParams` check, run after authentication and the limiter. */
	readonly check: ParamsCheck | undefined;
	/** Typed declarations: the response contract, checked under TEST_MODE. */
	readonly responses: ResponseValidators | undefined;
	/** Typed declarations: how the action's own errors are answered. */
	readonly actionErrors: TypedRouteOptions['actionErrors'];
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

/**
 * A route registry in Rocket.Chat's style: route modules declare routes at
 * import time (`addRoute`, or the typed `get/post/put/delete`), and the server
 * mounts `routes` when it starts.
 */
export class APIClass {
	readonly routes: RegisteredRoute[] = [];

	readonly success = success;

	readonly failure = failure;

	readonly notFound = notFound;

	readonly unauthorized = unauthorized;

	readonly forbidden = forbidden;

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
	 * Rocket.Chat's legacy declaration: `validateParams` types `this.bodyParams`
	 * (or, for GET, `this.queryParams`), `authRequired: true` makes `this.user` non-null.
	 *
	 * @example API.v1.addRoute('me', { authRequired: true }, { async get() { return API.v1.success(getUserInfo(this.user)); } });
	 */
	addRoute(path: string | string[], actions: Actions<Record<never, never>>): void;

	addRoute<const O extends RouteOptions>(path: string | string[], options: O, actions: Actions<O>): void;

	addRoute(path: string | string[], optionsOrActions: RouteOptions | Actions, maybeActions?: Actions): void {
		const options = (maybeActions ? optionsOrActions : {}) as RouteOptions;
		const actions = (maybeActions ?? optionsOrActions) as Actions;
		for (const onePath of Array.isArray(path) ? path : [path]) {
			for (const [name, action] of Object.entries(actions) as [keyof Actions, Action | undefined][]) {
				if (action) {
					const method = METHOD_BY_ACTION[name];
					this.register(`${this.prefix}/${onePath}`, method, action, options, {
						checksBeforeAuth: [],
						check: addRouteCheck(options.validateParams, method),
						responses: undefined,
						actionErrors: undefined,
					});
				}
			}
		}
	}

	/**
	 * Rocket.Chat's typed declarations: `body`/`query` validators type
	 * `this.bodyParams`/`this.queryParams` and run before authentication,
	 * `response` is the contract checked under TEST_MODE.
	 *
	 * @example API.v1.post('omnichannel/contacts.delete', { authRequired: true, body: isPOSTOmnichannelContactDeleteProps, response: { 200: ... } }, async function () { ... });
	 */
	get<const O extends TypedRouteOptions>(path: string, options: O, action: Action<TypedContextFor<O>>): void {
		this.registerTyped(path, 'GET', options, action);
	}

	post<const O extends TypedRouteOptions>(path: string, options: O, action: Action<TypedContextFor<O>>): void {
		this.registerTyped(path, 'POST', options, action);
	}

	put<const O extends TypedRouteOptions>(path: string, options: O, action: Action<TypedContextFor<O>>): void {
		this.registerTyped(path, 'PUT', options, action);
	}

	delete<const O extends TypedRouteOptions>(path: string, options: O, action: Action<TypedContextFor<O>>): void {
		this.registerTyped(path, 'DELETE', options, action);
	}

	private registerTyped(path: string, method: Method, options: TypedRouteOptions, action: Action<never>): void {
		this.register(`${this.prefix}/${path}`, method, action as Action, options, {
			checksBeforeAuth: typedRouteChecks(options),
			check: undefined,
			responses: options.response,
			actionErrors: options.actionErrors,
		});
	}

	private register(
		path: string,
		method: Method,
		action: Action,
		options: RouteOptions | TypedRouteOptions,
		validation: Pick<RegisteredRoute, 'checksBeforeAuth' | 'check' | 'responses' | 'actionErrors'>,
	): void {
		if (this.routes.some((route) => route.path === path && route.method === method)) {
			throw new Error(`Route ${method} ${path} is declared twice`);
		}
		this.routes.push({
			path,
			method,
			action,
			authRequired: options.authRequired === true,
			permission: resolvePermissionCheck(options.permissionsRequired, method),
			...validation,
			idempotent: options.idempotent === true,
			twoFactorRequired: options.twoFactorRequired === true,
			license: options.license,
			rateLimit: options.rateLimiterOptions === false || !this.rateLimitedByDefault ? undefined : (options.rateLimiterOptions ?? {}),
			rateLimitRouteKey: `${method} ${path}`,
		});
	}
}

/** `API.v1` routes live under `/api/v1/` and are rate limited; `API.default` ones (e.g. `info`) under `/api/`. */
export const API = {
	v1: new APIClass('/api/v1', true),
	default: new APIClass('/api', false),
};
