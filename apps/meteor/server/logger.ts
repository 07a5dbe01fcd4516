import pino, { type Logger } from 'pino';

/**
 * The process logger. Writes are buffered and asynchronous so one line per
 * request stays cheap on the hot path; `flush()` runs at shutdown.
 */
export function createLogger(level: string): Logger {
	return pino({ level, base: undefined }, pino.destination({ dest: 1, sync: false, minLength: 4096 }));
}
