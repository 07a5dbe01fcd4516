import type { IUser } from '@rocket.chat/core-typings';
import type { ValidateFunction } from 'ajv';

import type { ApiErrorCode } from '../../../lib/errors/errorTable';
import type { Deps } from '../../lib/server/deps';
import type { EnterpriseModule } from '../../license/server/license';

/** HTTP methods a route may declare actions for. */
export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** `{ operation, permissions }`: the long form Rocket.Chat accepts per method. */
export type PermissionCheck = { operation: 'hasAll' | 'hasAny'; permissions: string[] };

/**
 * The three shapes Rocket.Chat accepts: a list (hasAll, every method);
 * `{ GET: [...], '*': [...] }`; `{ POST: { operation, permissions } }`.
 */
export type PermissionsRequired = string[] | Partial<Record<Method | '*', string[] | PermissionCheck>>;

/** A validator in `@rocket.chat/rest-typings` style: an ajv function (a type guard for `T`) with `.errors`. */
export type ParamsValidator<T = unknown> = ValidateFunction<T> | (((params: unknown) => params is T) & { errors?: ValidateFunction['errors'] });

/** The type a validator proves. */
export type Validated<V> = V extends ValidateFunction<infer T> ? T : V extends (params: unknown) => params is infer T ? T : never;

export interface RateLimiterOptions {
	numRequestsAllowed?: number;
	intervalTimeInMS?: number;
}

/** What both declaration styles share. */
interface CommonRouteOptions {
	/** `true`: a request without a valid login gets the four-key 401, and `this.user` is set in the action. */
	authRequired?: boolean;
	permissionsRequired?: PermissionsRequired;
	/** `false` turns the limiter off for this route. */
	rateLimiterOptions?: RateLimiterOptions | false;
	/** Ask for a second factor after the permission check (skipped under TEST_MODE); see `twoFactor.ts`. */
	twoFactorRequired?: boolean;
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

/** `API.v1.addRoute` options (Rocket.Chat's legacy declaration). */
export interface RouteOptions extends CommonRouteOptions {
	/**
	 * One validator for the route, or one per method, run after authentication and the
	 * limiter: GET validates the query, other methods the body. A failure is Meteor-style
	 * `invalid-params` (`"<messages> [invalid-params]"`).
	 */
	validateParams?: ParamsValidator | Partial<Record<Method, ParamsValidator>>;
}

/** Declared response contracts by status; each is checked under TEST_MODE. */
export type ResponseValidators = Partial<Record<number, ParamsValidator>>;

/**
 * `API.v1.get/post/put/delete` options (Rocket.Chat's typed declaration). `body`
 * and `query` are validated before authentication, answering without a code
 * suffix (`errorType` `invalid-params` for the body, `error-invalid-params` for the query).
 */
export interface TypedRouteOptions extends CommonRouteOptions {
	body?: ParamsValidator;
	query?: ParamsValidator;
	/** The response contract: one validator per status the route may answer (under TEST_MODE a mismatch is a 500). */
	response: ResponseValidators;
	/**
	 * How the action's own errors are answered, when the route answers them
	 * differently from the error table: a status per error code, and the
	 * error code every other failure of the action becomes (it is logged).
	 */
	actionErrors?: { statuses?: Partial<Record<string, number>>; otherwise?: ApiErrorCode };
}

/** What an action returns: a status, a JSON body and optional extra headers. */
export interface RouteResult<B = unknown> {
	statusCode: number;
	body: B;
	headers?: Record<string, string>;
}

/**
 * `this` inside an action, modelled on Rocket.Chat's route context. `TUser` is
 * `IUser` on `authRequired` routes; params are typed by the route's validators.
 */
export interface ActionContext<TUser extends IUser | undefined = IUser | undefined, TBody = Record<string, unknown>, TQuery = Record<string, unknown>> {
	readonly userId: TUser extends IUser ? string : string | undefined;
	readonly user: TUser;
	readonly bodyParams: TBody;
	readonly queryParams: TQuery;
	readonly urlParams: Record<string, string>;
	readonly method: Method;
	readonly headers: Record<string, string | string[] | undefined>;
	/** The raw token the caller authenticated with (logout needs it). */
	readonly authToken: TUser extends IUser ? string : string | undefined;
	readonly clientIp: string;
	/** The domain deps, handed to domain functions as they are. */
	readonly deps: Deps;
	/** TEST_MODE (Rocket.Chat adds details to some errors). */
	readonly testMode: boolean;
	/** `offset`/`count` per Rocket.Chat's rules (settings-aware). */
	getPaginationItems(): { offset: number; count: number };
	/** Parses `sort` (JSON, values 1/-1) like Rocket.Chat's `parseJsonQuery`. */
	parseJsonQuery(): { sort?: Record<string, 1 | -1> };
}

type Unvalidated = Record<string, unknown>;

type UserFor<O> = O extends { authRequired: true } ? IUser : IUser | undefined;

type ValidatedParams<O, M extends Method> = O extends { validateParams: infer V }
	? V extends ParamsValidator
		? Validated<V>
		: V extends Partial<Record<Method, ParamsValidator>>
			? V[M] extends ParamsValidator
				? Validated<V[M]>
				: Unvalidated
			: Unvalidated
	: Unvalidated;

/** `this` of an `addRoute` action for method `M`: GET's query and the other methods' body are typed by `validateParams`. */
export type RouteContextFor<O, M extends Method> = ActionContext<
	UserFor<O>,
	M extends 'GET' ? Unvalidated : ValidatedParams<O, M>,
	M extends 'GET' ? ValidatedParams<O, M> : Unvalidated
>;

export type Action<C extends ActionContext = ActionContext> = (this: C) => Promise<RouteResult | void> | RouteResult | void;

/** An `addRoute` actions object, each method's `this` typed from the options. */
export type Actions<O = RouteOptions> = {
	get?: Action<RouteContextFor<O, 'GET'>>;
	post?: Action<RouteContextFor<O, 'POST'>>;
	put?: Action<RouteContextFor<O, 'PUT'>>;
	delete?: Action<RouteContextFor<O, 'DELETE'>>;
};

type TypedBody<O> = O extends { body: infer V } ? Validated<V> : Unvalidated;

type TypedQuery<O> = O extends { query: infer V } ? Validated<V> : Unvalidated;

/** `this` of a typed action: body, query and user typed from the declaration. */
export type TypedContextFor<O> = ActionContext<UserFor<O>, TypedBody<O>, TypedQuery<O>>;
