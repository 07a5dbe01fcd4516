import { expect } from 'chai';

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
});
