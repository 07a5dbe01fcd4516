import { expect } from 'chai';
import type { Logger } from 'pino';

import { MeteorError } from '../../../lib/errors/MeteorError';
import { mapError } from './mapError';

describe('mapError', () => {
	it('renders a Meteor-style error as a 400 with "<reason> [<code>]" and errorType', () => {
		const result = mapError(new MeteorError('error-invalid-thing', 'Invalid thing'), false);
		expect(result).to.deep.equal({
			statusCode: 400,
			body: { success: false, error: 'Invalid thing [error-invalid-thing]', stack: undefined, errorType: 'error-invalid-thing' },
		});
		expect(JSON.stringify(result.body)).to.equal('{"success":false,"error":"Invalid thing [error-invalid-thing]","errorType":"error-invalid-thing"}');
	});

	it('renders a plain error as a 400 without errorType', () => {
		expect(JSON.stringify(mapError(new Error('error-contact-manager-not-found'), false).body)).to.equal(
			'{"success":false,"error":"error-contact-manager-not-found"}',
		);
	});

	it('adds the stack only under TEST_MODE', () => {
		const error = new MeteorError('invalid-params', 'bad');
		expect(mapError(error, true).body).to.have.property('stack', error.stack);
		expect(JSON.stringify(mapError(error, false).body)).not.to.include('stack');
	});

	it('maps error-too-many-requests to 429 without errorType or stack', () => {
		const result = mapError(new MeteorError('error-too-many-requests', 'Slow down'), true);
		expect(result).to.deep.equal({ statusCode: 429, body: { success: false, error: 'Slow down [error-too-many-requests]' } });
	});

	it('maps unauthorized and error-unauthorized to 403 forbidden', () => {
		for (const code of ['unauthorized', 'error-unauthorized']) {
			const result = mapError(new MeteorError(code, 'Nope'), true);
			expect(result).to.deep.equal({ statusCode: 403, body: { success: false, error: `Nope [${code}]` } });
		}
	});

	it('maps forbidden and error-forbidden to a 400 failure', () => {
		for (const code of ['forbidden', 'error-forbidden']) {
			expect(mapError(new MeteorError(code), false)).to.deep.include({ statusCode: 400 });
			expect(mapError(new MeteorError(code), false).body).to.include({ error: `[${code}]`, errorType: code });
		}
	});

	it('carries details, JSON-parsed when they are a JSON string', () => {
		expect(mapError(new MeteorError('e', 'r', { helperMethod: 'parseJsonQuery' }), false).body).to.deep.include({
			details: { helperMethod: 'parseJsonQuery' },
		});
		expect(mapError(new MeteorError('e', 'r', '{"a":1}'), false).body).to.deep.include({ details: { a: 1 } });
		expect(mapError(new MeteorError('e', 'r', 'not json'), false).body).to.deep.include({ details: 'not json' });
	});

	it('renders a thrown string as its message', () => {
		expect(mapError('boom', false).body).to.deep.equal({ success: false, error: 'boom', stack: undefined });
	});

	it('maps a store that cannot write (StoreUnavailableError) and an unreachable MongoDB to 503 with Retry-After, logging once', () => {
		const logged: unknown[] = [];
		const logger = { error: (...args: unknown[]) => logged.push(args) } as unknown as Logger;
		const storeFull = Object.assign(new Error('ENOSPC: no space left on device, write'), { name: 'StoreUnavailableError', code: 'ENOSPC' });
		const unreachable = Object.assign(new Error('connection refused'), { name: 'MongoServerSelectionError' });
		const writeConcern = Object.assign(new Error('waiting for replication timed out'), { name: 'MongoWriteConcernError', code: 64 });
		for (const error of [storeFull, unreachable, writeConcern]) {
			expect(mapError(error, true, logger)).to.deep.equal({
				statusCode: 503,
				body: {
					success: false,
					error: 'The database is temporarily unavailable, try again later [error-service-unavailable]',
					errorType: 'error-service-unavailable',
				},
				headers: { 'Retry-After': '5' },
			});
		}
		expect(logged).to.have.lengthOf(3);
	});

	it('never shows an internal error’s text: subclasses, system errors and driver errors become error-invalid-request', () => {
		const systemError = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES', errno: -13 });
		const duplicate = Object.assign(new Error('E11000 duplicate key error collection: users'), { name: 'MongoServerError', code: 11000 });
		class QueryEngineError extends Error {}
		for (const error of [new RangeError('Maximum call stack size exceeded'), new TypeError('x is undefined'), systemError, duplicate, new QueryEngineError('unknown operator $foo')]) {
			const result = mapError(error, true);
			expect(result.statusCode).to.equal(400);
			expect(JSON.stringify(result.body)).to.equal(
				'{"success":false,"error":"The request could not be processed [error-invalid-request]","errorType":"error-invalid-request"}',
			);
		}
	});

	it('adds Retry-After to a 429 whose details carry the seconds to wait', () => {
		expect(mapError(new MeteorError('error-too-many-requests', 'Slow down', { seconds: 7 }), false).headers).to.deep.equal({ 'Retry-After': '7' });
	});
});
