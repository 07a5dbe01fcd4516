/**
 * How an error looks on the wire. Rocket.Chat answers in several shapes; each
 * code below names the one it uses (`<reason>` is the rendered message).
 *
 * - `meteor`: `{success:false, error:"<reason> [<code>]", errorType:"<code>", details?}` — a thrown Meteor.Error
 * - `failure`: `{success:false, error:"<reason>", errorType:"<code>"}` — `API.v1.failure(reason, code)`, no suffix
 * - `typed-params`: `{success:false, errorType:"<code>", error:"<reason>"}` — the typed router's validation
 * - `suffixed`: `{success:false, error:"<reason> [<code>]"}` — no `errorType` (403 `error-unauthorized`, 429)
 * - `plain`: `{success:false, error:"<reason>"}` — a plain `Error` or a helper's fixed text
 * - `not-logged-in`: `{success:false, error, status:"error", message}` — the four-key 401
 * - `login-failed`: `{success:false, status:"error", error, message}` — the four-key 401 of `POST login`
 * - `login-refused`: `{success:false, status:"error", error:"<code>", message:"<reason>"}` — `POST login` refusing with a Meteor.Error
 * - `bare-string`: `"<reason>"` — a JSON string, no envelope (the licence middleware)
 * - `empty`: `{success:false}` — `API.v1.failure()` without arguments
 */
export type WireShape = 'meteor' | 'failure' | 'typed-params' | 'suffixed' | 'plain' | 'not-logged-in' | 'login-failed' | 'login-refused' | 'bare-string' | 'empty';

export interface ErrorDefinition {
	readonly status: number;
	readonly shape: WireShape;
	/** The message; `{name}` placeholders are filled from the error's details. Without one, the thrower gives the reason. */
	readonly reason?: string;
	/** The `errorType` on the wire when it differs from the code. */
	readonly errorType?: string;
	/**
	 * Rocket.Chat builds this answer in its exception handler, so under TEST_MODE
	 * a 400 carries `stack`; answers Rocket.Chat returns from a helper never do.
	 */
	readonly fromException?: boolean;
	/** Sent as `Retry-After` when the error's details carry `seconds`, else this many. */
	readonly retryAfterSeconds?: number;
}

/**
 * Every error the server answers with, by its stable code: HTTP status, wire
 * shape and message. Domain code throws `ApiError(code, params)` (or a
 * `MeteorError` with its own reason); `renderError` (app/api/server/errors)
 * is the one place that turns them into responses. A code that is not listed
 * is a Rocket.Chat Meteor.Error: 400 in the `meteor` shape.
 */
export const ERROR_TABLE = {
	// 400 — request validation
	'invalid-params': { status: 400, shape: 'meteor', fromException: true },
	'typed-invalid-body': { status: 400, shape: 'typed-params', errorType: 'invalid-params' },
	'typed-invalid-query': { status: 400, shape: 'typed-params', errorType: 'error-invalid-params' },
	'error-invalid-sort': { status: 400, shape: 'meteor', fromException: true },
	'error-invalid-request': { status: 400, shape: 'meteor', reason: 'The request could not be processed' },
	'error-bad-request': { status: 400, shape: 'meteor', reason: 'Bad request' },
	'error-bad-url': { status: 400, shape: 'meteor', reason: 'Malformed URL' },
	'error-invalid-content-length': { status: 400, shape: 'meteor', reason: 'Request body does not match its Content-Length' },
	'error-invalid-body-params': { status: 400, shape: 'failure', reason: 'Invalid body params' },
	'error-invalid-permission': { status: 400, shape: 'failure', reason: 'Invalid permission' },
	'error-invalid-role-update': { status: 400, shape: 'failure', reason: 'Invalid role', errorType: 'error-invalid-role' },
	'error-bad-request-empty': { status: 400, shape: 'empty' },
	// 400 — plain Rocket.Chat texts (no errorType)
	'error-plain': { status: 400, shape: 'plain', fromException: true },
	'error-plain-response': { status: 400, shape: 'plain' },
	'error-token-name-required': { status: 400, shape: 'plain', reason: "The 'tokenName' param is required" },
	'error-contact-not-found': { status: 400, shape: 'plain', reason: 'error-contact-not-found', fromException: true },
	'error-contact-manager-not-found': { status: 400, shape: 'plain', reason: 'error-contact-manager-not-found', fromException: true },
	'error-contact-has-no-conflicts': { status: 400, shape: 'plain', reason: 'error-contact-has-no-conflicts', fromException: true },
	'error-invalid-contact': { status: 400, shape: 'plain', reason: 'error-invalid-contact' },
	'error-invalid-custom-field-value': { status: 400, shape: 'plain', reason: 'Invalid value for {label} field', fromException: true },
	'error-custom-field-not-allowed': { status: 400, shape: 'plain', reason: 'Custom field {key} is not allowed', fromException: true },
	'error-invalid-custom-field-regexp': {
		status: 400,
		shape: 'meteor',
		reason: 'The regular expression of the custom field {field} is invalid or cannot be evaluated safely (at most {max} characters, no backreferences or lookarounds)',
		fromException: true,
	},
	'error-invalid-custom-field-name': { status: 400, shape: 'plain', reason: 'Invalid custom field name. Use only letters, numbers, hyphens and underscores.' },
	'error-custom-field-not-found': { status: 400, shape: 'plain', reason: 'Custom Field Not found', fromException: true },
	'error-custom-field-already-exists': { status: 400, shape: 'plain', reason: 'Custom Field already exists', fromException: true },
	'error-custom-field-to-remove-not-found': { status: 400, shape: 'plain', reason: 'Custom field not found', fromException: true },
	'error-invalid-omnichannel-user-type': { status: 400, shape: 'plain', reason: 'Invalid type', fromException: true },
	'error-omnichannel-user-not-found': { status: 400, shape: 'plain', reason: 'error-invalid-user', fromException: true },
	// 400 — livechat, plain texts (visitor routes and Rocket.Chat's `throw new Error(...)` in livechat code)
	'error-unknown-visitor-token': { status: 400, shape: 'plain', reason: 'invalid-token', fromException: true },
	'invalid-room': { status: 400, shape: 'plain', reason: 'invalid-room', fromException: true },
	'room-closed': { status: 400, shape: 'plain', reason: 'room-closed', fromException: true },
	'invalid-custom-field': { status: 400, shape: 'plain', reason: 'invalid-custom-field', fromException: true },
	'error-missing-required-custom-fields': { status: 400, shape: 'plain', reason: 'Missing required custom fields: {fields}', fromException: true },
	'message-length-exceeds-character-limit': { status: 400, shape: 'plain', reason: 'message-length-exceeds-character-limit', fromException: true },
	'error-contact-channel-blocked': { status: 400, shape: 'plain', reason: 'error-contact-channel-blocked', fromException: true },
	'error-contact-has-open-rooms': { status: 400, shape: 'plain', reason: 'error-contact-has-open-rooms', fromException: true },
	'error-invalid-room': { status: 400, shape: 'plain', reason: 'error-invalid-room', fromException: true },
	'error-not-authorized': { status: 400, shape: 'plain', reason: 'error-not-authorized', fromException: true },
	'error-room-already-closed': { status: 400, shape: 'plain', reason: 'error-room-already-closed', fromException: true },
	'error-room-closed': { status: 400, shape: 'plain', reason: 'error-room-closed', fromException: true },
	'error-room-cannot-be-closed-try-again': { status: 400, shape: 'plain', reason: 'error-room-cannot-be-closed-try-again', fromException: true },
	'error-comment-is-required': { status: 400, shape: 'plain', reason: 'error-comment-is-required', fromException: true },
	'error-not-allowed-to-close-conversation': { status: 400, shape: 'plain', reason: 'error-not-allowed-to-close-conversation', fromException: true },
	'error-visitor-not-found': { status: 400, shape: 'plain', reason: 'error-visitor-not-found', fromException: true },
	// EE contact blocking without the contact-id-verification module (users.create's error-action-not-allowed is Meteor-style).
	'error-contact-verification-not-licensed': { status: 400, shape: 'plain', reason: 'error-action-not-allowed', fromException: true },
	// 400 — livechat, Meteor-style
	'invalid-token': { status: 400, shape: 'meteor', fromException: true },
	'error-invalid-token': { status: 400, shape: 'meteor', reason: 'Token cannot be empty', fromException: true },
	'error-invalid-department': { status: 400, shape: 'meteor', reason: 'The provided department is invalid', fromException: true },
	'error-livechat-visitor-registration': { status: 400, shape: 'meteor', reason: 'Error registering visitor', fromException: true },
	'visitor-has-open-rooms': { status: 400, shape: 'meteor', reason: 'Cannot remove visitors with opened rooms', fromException: true },
	'error-removing-visitor': { status: 400, shape: 'meteor', reason: 'An error ocurred while deleting visitor', fromException: true },
	'error-omnichannel-is-disabled': { status: 400, shape: 'meteor', fromException: true },
	'no-agent-online': { status: 400, shape: 'meteor', reason: 'Sorry, no online agents', fromException: true },
	'error-not-found': { status: 400, shape: 'meteor', reason: 'Inquiry not found', fromException: true },
	'error-inquiry-taken': { status: 400, shape: 'meteor', reason: 'Inquiry already taken', fromException: true },
	'error-agent-status-service-offline': { status: 400, shape: 'meteor', reason: 'Agent status is offline or Omnichannel service is not active', fromException: true },
	'error-mac-limit-reached': { status: 400, shape: 'meteor', fromException: true },
	'error-message-size-exceeded': { status: 400, shape: 'meteor', reason: 'Message size exceeds Message_MaxAllowedSize', fromException: true },
	// 400 — contact input limits (not in Rocket.Chat)
	'error-input-too-long': { status: 400, shape: 'meteor', reason: 'The field {field} is longer than {max} characters', fromException: true },
	'error-too-many-items': { status: 400, shape: 'meteor', reason: 'The field {field} has more than {max} entries', fromException: true },
	'error-input-too-deep': { status: 400, shape: 'meteor', reason: 'The field {field} is nested deeper than {max} levels', fromException: true },
	// 400 — contact data quality (README "Beyond Rocket.Chat")
	'error-normalized-matching-disabled': {
		status: 400,
		shape: 'meteor',
		reason: 'Normalized matching is turned off (setting Omnichannel_Contact_Match_Normalized)',
		fromException: true,
	},
	'error-contact-merge-into-itself': { status: 400, shape: 'meteor', reason: 'A contact cannot be merged into itself', fromException: true },
	'error-merge-contacts-not-found': { status: 400, shape: 'meteor', reason: 'Contacts of the merge do not exist or were deleted', fromException: true },
	'error-invalid-merge-preference': { status: 400, shape: 'meteor', reason: 'prefer.{field} names a contact that is not part of this merge', fromException: true },
	'error-invalid-custom-field-key': {
		status: 400,
		shape: 'meteor',
		reason: 'The field {field} has a key that starts with "$", contains "." or a NUL character, or is reserved',
		fromException: true,
	},
	// 401
	'not-logged-in': { status: 401, shape: 'not-logged-in', reason: 'You must be logged in to do this.' },
	'login-failed': { status: 401, shape: 'login-failed', reason: 'Unauthorized' },
	// Rocket.Chat's failed-login lockout (Block_Multiple_Failed_Logins_*); details carry the seconds left (Retry-After).
	'error-login-blocked-for-user': { status: 401, shape: 'login-refused', reason: 'Login has been temporarily blocked For User' },
	'error-login-blocked-for-ip': { status: 401, shape: 'login-refused', reason: 'Login has been temporarily blocked For IP' },
	'anonymous-denied': { status: 401, shape: 'plain', reason: 'unauthorized' },
	// 403
	'error-unauthorized': { status: 403, shape: 'suffixed', reason: 'User does not have the permissions required for this action' },
	'unauthorized': { status: 403, shape: 'suffixed' },
	'access-denied': { status: 403, shape: 'plain', reason: 'unauthorized' },
	// 404
	'resource-not-found': { status: 404, shape: 'plain', reason: 'Resource not found' },
	'endpoint-not-found': { status: 404, shape: 'plain', reason: 'Endpoint not found: {method} {path}' },
	'license-required': { status: 404, shape: 'bare-string', reason: '404 Not Found' },
	// 409, 412 — contact data quality (README "Beyond Rocket.Chat")
	'error-contact-ambiguous': { status: 409, shape: 'meteor', reason: 'More than one contact matches; nothing was changed' },
	'error-external-id-in-use': { status: 409, shape: 'meteor', reason: 'The external id {source}:{id} belongs to another contact' },
	'error-contact-upsert-contended': { status: 409, shape: 'meteor', reason: 'Other requests kept writing contacts with these keys; retry' },
	'error-contact-merge-contended': { status: 409, shape: 'meteor', reason: 'Other requests kept writing these contacts; retry' },
	'error-precondition-failed': { status: 412, shape: 'meteor', reason: 'The contact changed since the version named in If-Match' },
	// 408, 409, 413, 415, 422, 431
	'error-request-timeout': { status: 408, shape: 'meteor', reason: 'The request took too long to arrive' },
	'error-idempotency-key-in-flight': { status: 409, shape: 'meteor', reason: 'A request with this Idempotency-Key is still in progress' },
	'error-payload-too-large': { status: 413, shape: 'meteor', reason: 'Request body is too large' },
	'error-unsupported-media-type': { status: 415, shape: 'meteor', reason: 'Unsupported Content-Type' },
	'error-idempotency-key-reused': { status: 422, shape: 'meteor', reason: 'This Idempotency-Key was already used for a different request' },
	'error-headers-too-large': { status: 431, shape: 'meteor', reason: 'Request header fields are too large' },
	// 429
	'error-too-many-requests': {
		status: 429,
		shape: 'suffixed',
		reason: 'Error, too many requests. Please slow down. You must wait {seconds} seconds before trying this endpoint again.',
	},
	'error-too-many-connections': { status: 429, shape: 'meteor', reason: 'Too many open connections from this address' },
	// 5xx
	'internal-error': { status: 500, shape: 'plain', reason: 'Internal server error' },
	// The store cannot write durably (e.g. ENOSPC) or MongoDB is unreachable: retry later (see errorExposure.ts).
	'error-service-unavailable': {
		status: 503,
		shape: 'meteor',
		reason: 'The database is temporarily unavailable, try again later',
		retryAfterSeconds: 5,
	},
	'error-response-validation': { status: 500, shape: 'plain', reason: 'The response of {route} does not match its declaration: {problem}' },
} as const satisfies Record<string, ErrorDefinition>;

export type ApiErrorCode = keyof typeof ERROR_TABLE;

/** What an unlisted code renders as: Rocket.Chat's default for a thrown Meteor.Error. */
const METEOR_ERROR: ErrorDefinition = { status: 400, shape: 'meteor', fromException: true };

/** The definition of `code`, or Rocket.Chat's default for an unlisted Meteor.Error code. */
export function errorDefinition(code: string): ErrorDefinition {
	return Object.prototype.hasOwnProperty.call(ERROR_TABLE, code) ? ERROR_TABLE[code as ApiErrorCode] : METEOR_ERROR;
}

/** @example fillTemplate('Endpoint not found: {method} {path}', { method: 'GET', path: '/x' }) // 'Endpoint not found: GET /x' */
export function fillTemplate(template: string, params: Record<string, unknown> | undefined): string {
	return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => (params && name in params ? String(params[name]) : placeholder));
}
