import type { Session } from './session';

/** A non-2xx answer (or a network failure, status 0) in Rocket.Chat's envelope. */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		/** The body's `error` (or `message`), e.g. `Invalid value for Age field` or `… [invalid-params]`. */
		readonly error: string,
		readonly errorType?: string,
		readonly details?: Record<string, unknown>,
	) {
		super(error);
		this.name = 'ApiError';
	}
}

export type Query = Record<string, string | number | boolean | undefined>;

export interface RestClient {
	get<T>(endpoint: string, query?: Query, signal?: AbortSignal): Promise<T>;
	post<T>(endpoint: string, body: unknown, signal?: AbortSignal): Promise<T>;
}

export interface RestClientOptions {
	/** Default `/api/v1`. */
	baseUrl?: string;
	getSession(): Session | undefined;
	/** An authenticated call answered 401: the token was revoked or expired. */
	onUnauthorized(): void;
	fetch?: typeof fetch;
}

function toQueryString(query: Query | undefined): string {
	const params = new URLSearchParams();
	for (const [key, value] of Object.entries(query ?? {})) {
		if (value !== undefined) {
			params.set(key, String(value));
		}
	}
	const text = params.toString();
	return text ? `?${text}` : '';
}

async function errorFromResponse(response: Response): Promise<ApiError> {
	const body = (await response.json().catch(() => ({}))) as { error?: unknown; message?: unknown; errorType?: unknown; details?: unknown };
	const text = typeof body.error === 'string' ? body.error : typeof body.message === 'string' ? body.message : response.statusText;
	const details = typeof body.details === 'object' && body.details !== null ? (body.details as Record<string, unknown>) : undefined;
	return new ApiError(response.status, text, typeof body.errorType === 'string' ? body.errorType : undefined, details);
}

/**
 * The only way the page talks to the server: the public REST API with the headers every
 * Rocket.Chat client sends.
 *
 * @example await client.get('omnichannel/contacts.search', { searchText: '555', count: 25 })
 */
export function createRestClient(options: RestClientOptions): RestClient {
	const baseUrl = options.baseUrl ?? '/api/v1';
	const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));

	async function call<T>(method: 'GET' | 'POST', endpoint: string, query: Query | undefined, body: unknown, signal?: AbortSignal): Promise<T> {
		const session = options.getSession();
		const headers: Record<string, string> = { Accept: 'application/json' };
		if (session) {
			headers['X-User-Id'] = session.userId;
			headers['X-Auth-Token'] = session.authToken;
		}
		if (body !== undefined) {
			headers['Content-Type'] = 'application/json';
		}
		let response: Response;
		try {
			response = await doFetch(`${baseUrl}/${endpoint}${toQueryString(query)}`, {
				method,
				headers,
				body: body === undefined ? undefined : JSON.stringify(body),
				signal,
			});
		} catch (error) {
			if (signal?.aborted) {
				throw error;
			}
			throw new ApiError(0, 'The server cannot be reached. Check your connection and try again.');
		}
		if (!response.ok) {
			const error = await errorFromResponse(response);
			if (response.status === 401 && session) {
				options.onUnauthorized();
			}
			throw error;
		}
		return (await response.json()) as T;
	}

	return {
		get: (endpoint, query, signal) => call('GET', endpoint, query, undefined, signal),
		post: (endpoint, body, signal) => call('POST', endpoint, undefined, body ?? {}, signal),
	};
}
