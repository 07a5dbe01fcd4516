import { expect } from 'chai';

import { ERROR_TABLE, type ApiErrorCode, type ErrorDefinition } from '../../../../lib/errors/errorTable';
import { ApiError, MeteorError } from '../../../../lib/errors/MeteorError';
import { renderError } from './renderError';

/** Every placeholder of a template, filled with a recognizable sample value. */
function sampleParams(definition: ErrorDefinition): Record<string, string> {
	return Object.fromEntries([...(definition.reason ?? '').matchAll(/\{(\w+)\}/g)].map(([, name]) => [name, `<${name}>`]));
}

/** The error a thrower would raise for `code`: the table's message, or a reason of its own when the code has none. */
function sampleError(code: ApiErrorCode, definition: ErrorDefinition): MeteorError {
	return definition.reason === undefined ? new MeteorError(code, 'Some reason') : new MeteorError(code, undefined, sampleParams(definition));
}

describe('the error table and its renderer', () => {
	for (const [code, definition] of Object.entries(ERROR_TABLE) as [ApiErrorCode, ErrorDefinition][]) {
		it(`${code}: ${definition.status}, ${definition.shape}`, () => {
			const error = sampleError(code, definition);
			const reason = error.reason ?? '';
			const errorType = definition.errorType ?? code;
			expect(reason, 'every placeholder is filled').not.to.match(/\{\w+\}/);

			const { statusCode, body } = renderError(error, { testMode: false });
			expect(statusCode).to.equal(definition.status);
			const wire = JSON.parse(JSON.stringify(body) ?? 'null');
			switch (definition.shape) {
				case 'meteor':
					expect(wire).to.deep.equal({ success: false, error: `${reason} [${code}]`, errorType, ...(error.details ? { details: error.details } : {}) });
					break;
				case 'failure':
					expect(wire).to.deep.equal({ success: false, error: reason, errorType });
					break;
				case 'typed-params':
					expect(JSON.stringify(body)).to.equal(JSON.stringify({ success: false, errorType, error: reason }));
					break;
				case 'suffixed':
					expect(wire).to.deep.equal({ success: false, error: `${reason} [${code}]` });
					break;
				case 'plain':
					expect(wire).to.deep.equal({ success: false, error: reason });
					break;
				case 'not-logged-in':
					expect(JSON.stringify(body)).to.equal(JSON.stringify({ success: false, error: reason, status: 'error', message: reason }));
					break;
				case 'login-failed':
					expect(JSON.stringify(body)).to.equal(JSON.stringify({ success: false, status: 'error', error: reason, message: reason }));
					break;
				case 'login-refused':
					expect(JSON.stringify(body)).to.equal(JSON.stringify({ success: false, status: 'error', error: code, message: reason }));
					break;
				case 'bare-string':
					expect(JSON.stringify(body)).to.equal(JSON.stringify(reason));
					break;
				case 'empty':
					expect(wire).to.deep.equal({ success: false });
					break;
			}
			// The thrown error's message is what the client reads in `error` (for the enveloped shapes).
			if (typeof wire === 'object' && wire && 'error' in wire) {
				expect(wire.error).to.equal(error.message);
			}

			const inTestMode = renderError(error, { testMode: true }).body as Record<string, unknown>;
			const stackExpected = definition.status === 400 && definition.fromException === true;
			expect(typeof inTestMode === 'object' && inTestMode !== null && typeof inTestMode.stack === 'string', 'stack under TEST_MODE').to.equal(stackExpected);
		});
	}

	it('fills a template from ApiError parameters, which also become the details', () => {
		const error = new ApiError('error-input-too-long', { field: 'name', max: 512 });
		expect(renderError(error, { testMode: false })).to.deep.equal({
			statusCode: 400,
			body: {
				success: false,
				error: 'The field name is longer than 512 characters [error-input-too-long]',
				errorType: 'error-input-too-long',
				details: { field: 'name', max: 512 },
			},
		});
	});

	it('renders an unlisted Meteor-style code as a 400 with "<reason> [<code>]" and errorType', () => {
		const result = renderError(new MeteorError('error-invalid-thing', 'Invalid thing'), { testMode: false });
		expect(result).to.deep.equal({
			statusCode: 400,
			body: { success: false, error: 'Invalid thing [error-invalid-thing]', errorType: 'error-invalid-thing' },
		});
		expect(JSON.stringify(result.body)).to.equal('{"success":false,"error":"Invalid thing [error-invalid-thing]","errorType":"error-invalid-thing"}');
	});

	it('renders a plain error as a 400 without errorType', () => {
		expect(JSON.stringify(renderError(new Error('error-contact-manager-not-found'), { testMode: false }).body)).to.equal(
			'{"success":false,"error":"error-contact-manager-not-found"}',
		);
	});

	it('adds the stack only under TEST_MODE', () => {
		const error = new MeteorError('invalid-params', 'bad');
		expect(renderError(error, { testMode: true }).body).to.have.property('stack', error.stack);
		expect(JSON.stringify(renderError(error, { testMode: false }).body)).not.to.include('stack');
	});

	it('a thrown error-too-many-requests is a 429 without errorType or stack, with Retry-After from its seconds', () => {
		expect(renderError(new MeteorError('error-too-many-requests', 'Slow down'), { testMode: true })).to.deep.equal({
			statusCode: 429,
			body: { success: false, error: 'Slow down [error-too-many-requests]' },
		});
		expect(renderError(new ApiError('error-too-many-requests', { seconds: 7 }), { testMode: true }).headers).to.deep.equal({ 'Retry-After': '7' });
	});

	it('maps unauthorized and error-unauthorized to 403 forbidden', () => {
		for (const code of ['unauthorized', 'error-unauthorized']) {
			const result = renderError(new MeteorError(code, 'Nope'), { testMode: true });
			expect(result).to.deep.equal({ statusCode: 403, body: { success: false, error: `Nope [${code}]` } });
		}
	});

	it('maps forbidden and error-forbidden to a 400 failure', () => {
		for (const code of ['forbidden', 'error-forbidden']) {
			expect(renderError(new MeteorError(code), { testMode: false })).to.deep.include({ statusCode: 400 });
			expect(renderError(new MeteorError(code), { testMode: false }).body).to.include({ error: `[${code}]`, errorType: code });
		}
	});

	it('carries details, JSON-parsed when they are a JSON string', () => {
		const render = (details: unknown) => renderError(new MeteorError('e', 'r', details), { testMode: false }).body;
		expect(render({ helperMethod: 'parseJsonQuery' })).to.deep.include({ details: { helperMethod: 'parseJsonQuery' } });
		expect(render('{"a":1}')).to.deep.include({ details: { a: 1 } });
		expect(render('not json')).to.deep.include({ details: 'not json' });
	});

	it('renders a thrown string as its message', () => {
		expect(renderError('boom', { testMode: false }).body).to.deep.equal({ success: false, error: 'boom' });
	});

	it('answers with a status a route declares for a code instead of the table’s, without a stack off 400', () => {
		const result = renderError(new ApiError('error-contact-not-found'), { testMode: true, status: 404 });
		expect(result).to.deep.equal({ statusCode: 404, body: { success: false, error: 'error-contact-not-found' } });
	});

	it('answers a store that cannot write (StoreUnavailableError) and an unreachable MongoDB with 503 and Retry-After, logging each', () => {
		const logged: unknown[] = [];
		const logger = { error: (...args: unknown[]) => logged.push(args) };
		const storeFull = Object.assign(new Error('ENOSPC: no space left on device, write'), { name: 'StoreUnavailableError', code: 'ENOSPC' });
		const unreachable = Object.assign(new Error('connection refused'), { name: 'MongoServerSelectionError' });
		const writeConcern = Object.assign(new Error('waiting for replication timed out'), { name: 'MongoWriteConcernError', code: 64 });
		for (const error of [storeFull, unreachable, writeConcern]) {
			expect(renderError(error, { testMode: true, logger })).to.deep.equal({
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

	it('never shows an internal error’s text: subclasses, system errors and driver errors become a logged error-invalid-request', () => {
		const logged: unknown[] = [];
		const logger = { error: (...args: unknown[]) => logged.push(args) };
		const systemError = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES', errno: -13 });
		const duplicate = Object.assign(new Error('E11000 duplicate key error collection: users'), { name: 'MongoServerError', code: 11000 });
		class QueryEngineError extends Error {}
		const internal = [new RangeError('Maximum call stack size exceeded'), new TypeError('x is undefined'), systemError, duplicate, new QueryEngineError('unknown operator $foo')];
		for (const error of internal) {
			const result = renderError(error, { testMode: true, logger });
			expect(result.statusCode).to.equal(400);
			expect(JSON.stringify(result.body)).to.equal(
				'{"success":false,"error":"The request could not be processed [error-invalid-request]","errorType":"error-invalid-request"}',
			);
		}
		expect(logged).to.have.lengthOf(internal.length);
	});
});
