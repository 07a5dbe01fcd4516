import type { IUser } from '@rocket.chat/core-typings';

import { MeteorError } from '../../../lib/errors/MeteorError';
import { headerValue } from '../../../lib/utils/headerValue';
import { authenticateHeaders } from '../../authentication/server/authenticateRequest';
import { assertTwoFactor } from '../../authentication/server/twoFactor';
import type { RegisteredRoute } from './api';
import type { RouteResult } from './definition';
import { runIdempotently } from './idempotency';
import { mapError } from './mapError';
import { forbidden, licenseRequired, notLoggedIn, success, unauthorized } from './responses';
import { rateLimitHeaders, secondsUntilReset, tooManyRequestsReason } from './rateLimiter';
import { RouteContext, type ApiRequest } from './RouteContext';
import type { ApiServices } from './services';
import { assertValidParams, typedValidationFailure } from './validation';

const BYPASS_RATE_LIMIT = ['api-bypass-rate-limit'];

const PERMISSION_DENIED = 'User does not have the permissions required for this action [error-unauthorized]';

function isRateLimitEnforced(services: ApiServices): boolean {
	const { settings } = services;
	return (
		!services.testMode &&
		settings.get<boolean>('API_Enable_Rate_Limiter') === true &&
		(services.nodeEnv !== 'development' || settings.get<boolean>('API_Enable_Rate_Limiter_Dev') === true)
	);
}

/** Counts the call; records the `X-RateLimit-*` headers on the context; throws Rocket.Chat's 429 error when over the limit. */
async function enforceRateLimit(route: RegisteredRoute, ctx: RouteContext, services: ApiServices): Promise<void> {
	const options = route.rateLimit;
	if (!options || !isRateLimitEnforced(services)) {
		return;
	}
	if (ctx.user && (await services.authorization.hasAllPermission(ctx.user, BYPASS_RATE_LIMIT))) {
		return;
	}
	const limit = options.numRequestsAllowed ?? services.settings.get<number>('API_Enable_Rate_Limiter_Limit_Calls_Default');
	const intervalMs = options.intervalTimeInMS ?? services.settings.get<number>('API_Enable_Rate_Limiter_Limit_Time_Default');
	const now = Date.now();
	const decision = await services.rateLimiter.hit(`${ctx.clientIp} ${route.rateLimitRouteKey}`, limit, intervalMs, now);
	ctx.rateLimitHeaders = rateLimitHeaders(decision);
	if (!decision.allowed) {
		const seconds = secondsUntilReset(decision, now);
		ctx.rateLimitHeaders['Retry-After'] = String(seconds);
		throw new MeteorError('error-too-many-requests', tooManyRequestsReason(seconds), { seconds });
	}
}

async function hasPermission(route: RegisteredRoute, user: IUser | undefined, services: ApiServices): Promise<boolean> {
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

/** Spec §1.1: licence (Enterprise routes) → authentication → rate limit → validateParams → permissions → 2FA → handler (through the Idempotency-Key check on `idempotent` routes). */
async function runSteps(route: RegisteredRoute, ctx: RouteContext, services: ApiServices): Promise<RouteResult | void> {
	if (route.license && !route.license.every((module) => services.license.hasModule(module))) {
		return licenseRequired();
	}

	const params = route.method === 'GET' ? ctx.queryParams : ctx.bodyParams;

	if (route.typed && route.validator) {
		const invalid = typedValidationFailure(route.validator, params, route.method === 'GET');
		if (invalid) {
			return invalid;
		}
	}

	if (route.authRequired) {
		// The HTTP layer authenticates before reading the body and hands the outcome over; other callers are authenticated here.
		const auth = ctx.preAuthenticated !== undefined ? ctx.preAuthenticated : await authenticateHeaders(services.models, services.settings, ctx.headers);
		if (!auth) {
			return notLoggedIn();
		}
		ctx.user = auth.user;
		ctx.userId = auth.user._id;
		ctx.authToken = auth.authToken;
	}

	await enforceRateLimit(route, ctx, services);

	if (route.validator && !route.typed) {
		assertValidParams(route.validator, params);
	}

	if (route.permission && !(await hasPermission(route, ctx.user, services))) {
		// Rocket.Chat answers an anonymous caller of a permission-guarded route with a bare 401.
		return ctx.user ? forbidden(PERMISSION_DENIED) : unauthorized();
	}

	if (route.twoFactorRequired && ctx.user && !services.testMode) {
		await assertTwoFactor(ctx.user, ctx.authToken, ctx.headers);
	}

	const idempotencyKey = route.idempotent ? headerValue(ctx.headers['idempotency-key']) : undefined;
	if (idempotencyKey !== undefined) {
		const request = { userId: ctx.userId ?? '', key: idempotencyKey, route: route.rateLimitRouteKey, body: params };
		return runIdempotently(services.models.IdempotencyKeys, request, () => route.action.call(ctx));
	}
	return route.action.call(ctx);
}

/**
 * Runs one request through a route. Never throws: every exception becomes a
 * response through the one error mapper.
 */
export async function runRoute(route: RegisteredRoute, request: ApiRequest, services: ApiServices): Promise<RouteResult> {
	const ctx = new RouteContext(request, services);
	let result: RouteResult;
	try {
		result = (await runSteps(route, ctx, services)) || success();
	} catch (error) {
		result = mapError(error, services.testMode, services.logger);
	}
	if (ctx.rateLimitHeaders) {
		return { ...result, headers: { ...result.headers, ...ctx.rateLimitHeaders } };
	}
	return result;
}
