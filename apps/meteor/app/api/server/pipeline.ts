import type { IUser } from '@rocket.chat/core-typings';

import { ApiError, MeteorError } from '../../../lib/errors/MeteorError';
import { headerValue } from '../../../lib/utils/headerValue';
import { authenticateHeaders } from '../../authentication/server/authenticateRequest';
import { assertTwoFactor } from '../../authentication/server/twoFactor';
import type { RegisteredRoute } from './api';
import type { RouteResult } from './definition';
import { renderError } from './errors/renderError';
import { isServiceUnavailable } from './errors/errorExposure';
import { runIdempotently } from './idempotency';
import { success } from './responses';
import { rateLimitHeaders, secondsUntilReset } from './rateLimiter';
import { RouteContext, type ApiRequest } from './RouteContext';
import type { ApiServices } from './services';
import { assertValidParams, type ParamsCheck, responseProblem } from './validation';

const BYPASS_RATE_LIMIT = ['api-bypass-rate-limit'];

/** An action error a route answers with its own status (`actionErrors.statuses`). */
class AnsweredWithStatus {
	constructor(
		readonly error: unknown,
		readonly status: number,
	) {}
}

function isRateLimitEnforced(services: ApiServices): boolean {
	const { settings } = services;
	return (
		!services.testMode &&
		settings.get<boolean>('API_Enable_Rate_Limiter') === true &&
		(services.nodeEnv !== 'development' || settings.get<boolean>('API_Enable_Rate_Limiter_Dev') === true)
	);
}

/**
 * Counts the call; records the `X-RateLimit-*` headers on the context; throws Rocket.Chat's 429 error when over the limit.
 * Undefined when the route is not limited, so most requests wait on no promise here.
 */
function enforceRateLimit(route: RegisteredRoute, ctx: RouteContext, services: ApiServices): Promise<void> | undefined {
	const options = route.rateLimit;
	if (!options || !isRateLimitEnforced(services)) {
		return undefined;
	}
	return countCall(options, route, ctx, services);
}

async function countCall(options: NonNullable<RegisteredRoute['rateLimit']>, route: RegisteredRoute, ctx: RouteContext, services: ApiServices): Promise<void> {
	if (ctx.user && (await services.authorization.hasAllPermission(ctx.user, BYPASS_RATE_LIMIT))) {
		return;
	}
	const limit = options.numRequestsAllowed ?? services.settings.get<number>('API_Enable_Rate_Limiter_Limit_Calls_Default');
	const intervalMs = options.intervalTimeInMS ?? services.settings.get<number>('API_Enable_Rate_Limiter_Limit_Time_Default');
	const now = Date.now();
	const decision = await services.rateLimiter.hit(`${ctx.clientIp} ${route.rateLimitRouteKey}`, limit, intervalMs, now);
	ctx.rateLimitHeaders = rateLimitHeaders(decision);
	if (!decision.allowed) {
		throw new ApiError('error-too-many-requests', { seconds: secondsUntilReset(decision, now) });
	}
}

/** A boolean when no lookup is needed, so only permission-guarded routes wait on a promise. */
function hasPermission(route: RegisteredRoute, user: IUser | undefined, services: ApiServices): boolean | Promise<boolean> {
	const check = route.permission;
	if (check === 'deny') {
		return false;
	}
	if (!check || check.permissions.length === 0) {
		return true;
	}
	if (!user) {
		return false;
	}
	return check.operation === 'hasAny'
		? services.authorization.hasAnyPermission(user, check.permissions)
		: services.authorization.hasAllPermission(user, check.permissions);
}

function validate(check: ParamsCheck, ctx: RouteContext): void {
	assertValidParams(check, check.target === 'query' ? ctx.queryParams : ctx.bodyParams);
}

/**
 * Runs the action; a route declaring `actionErrors` answers its action's
 * failures its own way (Rocket.Chat's typed routes catch them in the action).
 */
async function runAction(route: RegisteredRoute, ctx: RouteContext, services: ApiServices): Promise<RouteResult | void> {
	try {
		return await route.action.call(ctx);
	} catch (error) {
		const rules = route.actionErrors;
		// A database that cannot serve is a 503 on every route, whatever the route answers for its own failures.
		if (!rules || isServiceUnavailable(error)) {
			throw error;
		}
		const status = error instanceof MeteorError ? rules.statuses?.[error.error] : undefined;
		if (status !== undefined) {
			throw new AnsweredWithStatus(error, status);
		}
		if (!rules.otherwise) {
			throw error;
		}
		if (!(error instanceof MeteorError)) {
			services.logger.error({ err: error, route: route.rateLimitRouteKey }, `unexpected failure: answered ${rules.otherwise}`);
		}
		throw new ApiError(rules.otherwise);
	}
}

/**
 * The pipeline, in the order of Rocket.Chat's route wrapper (`apps/meteor/app/api/server/api.ts`): licence (Enterprise routes) → typed
 * validation → authentication → rate limit → `validateParams` → permissions →
 * 2FA → the action (through the Idempotency-Key check on `idempotent` routes).
 * Every refusal is thrown as a table error and rendered by `runRoute`.
 */
async function runSteps(route: RegisteredRoute, ctx: RouteContext, services: ApiServices): Promise<RouteResult | void> {
	if (route.license && !route.license.every((module) => services.license.hasModule(module))) {
		throw new ApiError('license-required');
	}

	for (const check of route.checksBeforeAuth) {
		validate(check, ctx);
	}

	if (route.authRequired) {
		// The HTTP layer authenticates before reading the body and hands the outcome over; other callers are authenticated here.
		const auth = ctx.preAuthenticated !== undefined ? ctx.preAuthenticated : await authenticateHeaders(services.models, services.settings, ctx.headers);
		if (!auth) {
			throw new ApiError('not-logged-in');
		}
		ctx.user = auth.user;
		ctx.userId = auth.user._id;
		ctx.authToken = auth.authToken;
	}

	const limiting = enforceRateLimit(route, ctx, services);
	if (limiting) await limiting;

	if (route.check) {
		validate(route.check, ctx);
	}

	const allowed = route.permission ? hasPermission(route, ctx.user, services) : true;
	if (!(typeof allowed === 'boolean' ? allowed : await allowed)) {
		// Rocket.Chat answers an anonymous caller of a permission-guarded route with a bare 401.
		throw new ApiError(ctx.user ? 'error-unauthorized' : 'anonymous-denied');
	}

	if (route.twoFactorRequired && ctx.user && !services.testMode) {
		await assertTwoFactor(ctx.user, ctx.authToken, ctx.headers, services.loginAttempts);
	}

	const idempotencyKey = route.idempotent ? headerValue(ctx.headers['idempotency-key']) : undefined;
	if (idempotencyKey !== undefined) {
		const params = route.method === 'GET' ? ctx.queryParams : ctx.bodyParams;
		const request = { userId: ctx.userId ?? '', key: idempotencyKey, route: route.rateLimitRouteKey, body: params };
		return runIdempotently(services.models.IdempotencyKeys, request, () => runAction(route, ctx, services));
	}
	return runAction(route, ctx, services);
}

/** Under TEST_MODE a typed route's answer must fit its declared contract; a drift becomes a 500 that fails the test. */
function checkedAgainstContract(route: RegisteredRoute, result: RouteResult, services: ApiServices): RouteResult {
	if (!route.responses || !services.testMode) {
		return result;
	}
	const problem = responseProblem(route.responses, result);
	if (problem === undefined) {
		return result;
	}
	services.logger.error({ route: route.rateLimitRouteKey, problem }, 'response does not match its declaration');
	return renderError(new ApiError('error-response-validation', { route: route.rateLimitRouteKey, problem }), { testMode: true });
}

/**
 * Runs one request through a route. Never throws: every exception becomes a
 * response through the one error renderer.
 */
export async function runRoute(route: RegisteredRoute, request: ApiRequest, services: ApiServices): Promise<RouteResult> {
	const ctx = new RouteContext(request, services);
	let result: RouteResult;
	try {
		result = (await runSteps(route, ctx, services)) || success();
	} catch (thrown) {
		const { error, status } = thrown instanceof AnsweredWithStatus ? thrown : { error: thrown, status: undefined };
		result = renderError(error, { testMode: services.testMode, logger: services.logger, status });
	}
	result = checkedAgainstContract(route, result, services);
	if (ctx.rateLimitHeaders) {
		return { ...result, headers: { ...result.headers, ...ctx.rateLimitHeaders } };
	}
	return result;
}
