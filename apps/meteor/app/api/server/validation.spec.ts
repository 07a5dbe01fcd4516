import { isGETOmnichannelContactsCheckExistenceProps, isGETOmnichannelContactsProps, isPOSTOmnichannelContactsProps } from '@rocket.chat/rest-typings';
import { expect } from 'chai';

import { MeteorError } from '../../../lib/errors/MeteorError';
import { mapError } from './mapError';
import { assertValidParams, joinValidationMessages, resolveValidator, typedValidationFailure } from './validation';

function thrownBy(fn: () => void): unknown {
	try {
		fn();
	} catch (error) {
		return error;
	}
	throw new Error('expected a throw');
}

describe('validation', () => {
	it('joins ajv messages with newline + space', () => {
		expect(joinValidationMessages([{ message: 'a' }, { message: 'b' }] as never)).to.equal('a\n b');
		expect(joinValidationMessages(null)).to.equal('');
	});

	it('throws invalid-params whose suffix follows only the last message', () => {
		const error = thrownBy(() => assertValidParams(isGETOmnichannelContactsCheckExistenceProps, {}));
		expect(error).to.be.instanceOf(MeteorError);
		expect(mapError(error, false).body).to.deep.include({
			error:
				"must have required property 'contactId'\n must have required property 'email'\n must have required property 'phone'\n must match exactly one schema in oneOf [invalid-params]",
			errorType: 'invalid-params',
		});
	});

	it('reports the first missing property of the real contacts validator', () => {
		const error = thrownBy(() => assertValidParams(isPOSTOmnichannelContactsProps, { name: 'a', phones: [] }));
		expect(JSON.stringify(mapError(error, false).body)).to.equal(
			`{"success":false,"error":"must have required property 'emails' [invalid-params]","errorType":"invalid-params"}`,
		);
	});

	it('passes valid params through, coerced in place', () => {
		const body = { name: 123, emails: [], phones: [5551234] };
		assertValidParams(isPOSTOmnichannelContactsProps, body);
		expect(body).to.deep.equal({ name: '123', emails: [], phones: ['5551234'] });
	});

	it('answers a typed route without the suffix, with error-invalid-params for a query', () => {
		expect(typedValidationFailure(isPOSTOmnichannelContactsProps, {}, false)).to.deep.equal({
			statusCode: 400,
			body: { success: false, errorType: 'invalid-params', error: "must have required property 'name'" },
		});
		expect(typedValidationFailure(isPOSTOmnichannelContactsProps, {}, true)?.body).to.include({ errorType: 'error-invalid-params' });
		expect(typedValidationFailure(isPOSTOmnichannelContactsProps, { name: '', emails: [], phones: [] }, false)).to.equal(undefined);
	});

	it('picks one validator for every method or one per method', () => {
		const one = isPOSTOmnichannelContactsProps;
		expect(resolveValidator(one, 'GET')).to.equal(one);
		expect(resolveValidator({ POST: one }, 'POST')).to.equal(one);
		expect(resolveValidator({ POST: one }, 'GET')).to.equal(undefined);
		expect(resolveValidator(undefined, 'GET')).to.equal(undefined);
	});

	it("validates queries with 7.x's coercion: a one-element array is not unwrapped into a string", () => {
		const validator = resolveValidator(isGETOmnichannelContactsProps, 'GET')!;
		expect(validator({ contactId: ['x'] })).to.equal(false);
		expect(joinValidationMessages(validator.errors)).to.equal('must be string');
		const query: Record<string, unknown> = { contactId: 'x' };
		expect(validator(query)).to.equal(true);
		expect(query).to.deep.equal({ contactId: 'x' });
	});
});
