import { errorDefinition, fillTemplate, type ApiErrorCode, ERROR_TABLE } from './errorTable';

/**
 * Meteor-style typed error: `error` is a stable code, `reason` a human text,
 * `details` optional data. How it is answered (status, shape) comes from the
 * error table by code; its `message` is the `error` text the client receives:
 * `"<reason> [<code>]"` for Rocket.Chat's Meteor.Error shape, the bare reason
 * for codes Rocket.Chat answers as plain text.
 *
 * @example throw new MeteorError('error-action-not-allowed', 'Adding user is not allowed', { method: 'insertOrUpdateUser' });
 */
export class MeteorError extends Error {
	readonly error: string;

	readonly reason?: string;

	readonly details?: unknown;

	constructor(error: string, reason?: string, details?: unknown) {
		const definition = errorDefinition(error);
		const text = reason ?? (definition.reason === undefined ? undefined : fillTemplate(definition.reason, details as Record<string, unknown>));
		const suffixed = definition.shape === 'meteor' || definition.shape === 'suffixed';
		// `login-refused` answers carry the code in `error` (the reason goes to `message`).
		const shown = definition.shape === 'login-refused' ? error : (text ?? error);
		super(suffixed ? (text ? `${text} [${error}]` : `[${error}]`) : shown);
		this.name = 'MeteorError';
		this.error = error;
		this.reason = text;
		this.details = details;
	}
}

type Reason<C extends ApiErrorCode> = (typeof ERROR_TABLE)[C] extends { reason: infer R extends string } ? R : '';

type Placeholders<S extends string> = S extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;

/** The parameters a code's message template needs (none for a template without placeholders). */
export type ApiErrorParams<C extends ApiErrorCode> = [Placeholders<Reason<C>>] extends [never] ? [] : [params: Record<Placeholders<Reason<C>>, string | number>];

/**
 * An error from the table, its message built from the code's template; the
 * parameters also become the error's `details`.
 *
 * @example throw new ApiError('error-invalid-custom-field-value', { label: 'CPF' }); // 400 {"success":false,"error":"Invalid value for CPF field"}
 */
export class ApiError<C extends ApiErrorCode = ApiErrorCode> extends MeteorError {
	declare readonly error: C;

	constructor(code: C, ...[params]: ApiErrorParams<C>) {
		super(code, undefined, params);
		this.name = 'ApiError';
	}
}
