/**
 * Which thrown values may show their text to a client, and which mean "the
 * database cannot serve right now". Everything else is an internal failure
 * (a stack overflow on hostile input, the query engine's or the driver's own
 * message, a file-system error): its text stays in the log.
 */

/** The MongoDB driver's errors for a server that cannot be reached or did not confirm a write in time. */
const UNAVAILABLE_DRIVER_ERRORS = new Set([
	'MongoNetworkError',
	'MongoNetworkTimeoutError',
	'MongoServerSelectionError',
	'MongoTopologyClosedError',
	'MongoNotConnectedError',
]);

/** MongoDB's `WriteConcernFailed`: the write was not replicated within `wtimeout`. */
const WRITE_CONCERN_FAILED = 64;

type ErrorLike = { name?: unknown; code?: unknown; errno?: unknown; error?: unknown; errInfo?: { wtimeout?: unknown } };

function asErrorLike(thrown: unknown): ErrorLike | undefined {
	return typeof thrown === 'object' && thrown !== null ? (thrown as ErrorLike) : undefined;
}

/**
 * A store that cannot write durably right now (the embedded store's
 * `StoreUnavailableError`, e.g. ENOSPC) or an unreachable MongoDB: the
 * request may succeed if retried later, so it is a 503, not the caller's fault.
 *
 * @example isServiceUnavailable(Object.assign(new Error('disk full'), { name: 'StoreUnavailableError', code: 'ENOSPC' })) // true
 */
export function isServiceUnavailable(thrown: unknown): boolean {
	const err = asErrorLike(thrown);
	if (!err || typeof err.name !== 'string') {
		return false;
	}
	if (err.name === 'StoreUnavailableError' || UNAVAILABLE_DRIVER_ERRORS.has(err.name)) {
		return true;
	}
	return err.name === 'MongoWriteConcernError' && (err.code === WRITE_CONCERN_FAILED || err.errInfo?.wtimeout === true);
}

/**
 * Errors our own code throws on purpose: Meteor-style errors (a string `error`
 * code), plain `Error`s raised with a message meant for the client (Rocket.Chat's
 * plain 400s such as `error-contact-manager-not-found`), and thrown strings.
 * Subclasses (RangeError, TypeError, the driver's and the query engine's errors)
 * and system errors (an errno `code`) are internal.
 */
export function isClientSafe(thrown: unknown): boolean {
	if (typeof thrown === 'string') {
		return true;
	}
	const err = asErrorLike(thrown);
	if (!err) {
		return false;
	}
	if (typeof err.error === 'string') {
		return true;
	}
	return Object.getPrototypeOf(err) === Error.prototype && err.code === undefined && err.errno === undefined;
}
