/**
 * Meteor-style typed error: `error` is a stable code, `reason` a human text,
 * `details` optional data. Its message is `"<reason> [<code>]"`, which is
 * exactly what Rocket.Chat clients receive in the `error` field.
 *
 * @example throw new MeteorError('error-contact-not-found', 'Contact not found');
 */
export class MeteorError extends Error {
	readonly error: string;

	readonly reason?: string;

	readonly details?: unknown;

	readonly isClientSafe = true;

	constructor(error: string, reason?: string, details?: unknown) {
		super(reason ? `${reason} [${error}]` : `[${error}]`);
		this.name = 'MeteorError';
		this.error = error;
		this.reason = reason;
		this.details = details;
	}
}

export function isMeteorError(err: unknown): err is MeteorError {
	return err instanceof MeteorError;
}
