import type { IUser } from '@rocket.chat/core-typings';

import type { RequestAuth } from '../../authentication/server/authenticateRequest';
import type { Deps } from '../../lib/server/deps';
import type { ActionContext, Method } from './definition';
import { getPaginationItems, parseSort } from './pagination';
import type { ApiServices } from './services';

/** What the HTTP layer hands to the pipeline for one request. */
export interface ApiRequest {
	readonly method: Method;
	readonly body: Record<string, any>;
	readonly query: Record<string, any>;
	readonly params: Record<string, string>;
	readonly headers: Record<string, string | string[] | undefined>;
	readonly clientIp: string;
	/** Set when the HTTP layer already authenticated from the headers (`null`: it tried, and they did not authenticate). */
	readonly auth?: RequestAuth | null;
}

/**
 * `this` inside an action. A class rather than an object literal so the
 * helpers live on the prototype instead of being re-created per request.
 * The pipeline fills `user` before an `authRequired` action runs, which is
 * what lets such an action see `this.user` as non-null.
 */
export class RouteContext implements ActionContext {
	userId: string | undefined;

	user: IUser | undefined;

	authToken: string | undefined;

	/** `X-RateLimit-*` headers, set when the limiter counted this call. */
	rateLimitHeaders: Record<string, string> | undefined;

	constructor(
		private readonly request: ApiRequest,
		private readonly services: ApiServices,
	) {}

	get method(): Method {
		return this.request.method;
	}

	get bodyParams(): Record<string, any> {
		return this.request.body;
	}

	get queryParams(): Record<string, any> {
		return this.request.query;
	}

	get urlParams(): Record<string, string> {
		return this.request.params;
	}

	get headers(): Record<string, string | string[] | undefined> {
		return this.request.headers;
	}

	get clientIp(): string {
		return this.request.clientIp;
	}

	get preAuthenticated(): RequestAuth | null | undefined {
		return this.request.auth;
	}

	get deps(): Deps {
		return this.services;
	}

	get testMode(): boolean {
		return this.services.testMode;
	}

	getPaginationItems(): { offset: number; count: number } {
		return getPaginationItems(this.request.query, this.services.settings);
	}

	parseJsonQuery(): { sort?: Record<string, 1 | -1> } {
		const sort = parseSort(this.request.query.sort);
		return sort ? { sort } : {};
	}
}
