import { isGETOmnichannelContactsCheckExistenceProps, isGETOmnichannelContactsProps, isPOSTOmnichannelContactsProps } from '@rocket.chat/rest-typings';
import { expect } from 'chai';

import { MeteorError } from '../../../lib/errors/MeteorError';
import { renderError } from './errors/renderError';
import { addRouteCheck, assertValidParams, joinValidationMessages, type ParamsCheck, responseProblem, typedRouteChecks } from './validation';

function thrownBy(fn: () => void): unknown {
	try {
		fn();
	} catch (error) {
		return error;
	}
	throw new Error('expected a throw');
}

const bodyCheck = (validator: ParamsCheck['validator']): ParamsCheck => ({ target: 'body', validator, error: 'invalid-params' });

describe('validation', () => {
	it('joins ajv messages with newline + space', () => {
		expect(joinValidationMessages([{ message: 'a' }, { message: 'b' }] as never)).to.equal('a\n b');
		expect(joinValidationMessages(null)).to.equal('');
	});

	it('throws invalid-params whose suffix follows only the last message', () => {
		const error = thrownBy(() => assertValidParams(bodyCheck(isGETOmnichannelContactsCheckExistenceProps), {}));
		expect(error).to.be.instanceOf(MeteorError);
		expect(renderError(error, { testMode: false }).body).to.deep.include({
			error:
				"must have required property 'contactId'\n must have required property 'email'\n must have required property 'phone'\n must match exactly one schema in oneOf [invalid-params]",
			errorType: 'invalid-params',
		});
	});

	it('reports the first missing property of the real contacts validator', () => {
		const error = thrownBy(() => assertValidParams(bodyCheck(isPOSTOmnichannelContactsProps), { name: 'a', phones: [] }));
		expect(JSON.stringify(renderError(error, { testMode: false }).body)).to.equal(
			`{"success":false,"error":"must have required property 'emails' [invalid-params]","errorType":"invalid-params"}`,
		);
	});

	it('passes valid params through, coerced in place', () => {
		const body = { name: 123, emails: [], phones: [5551234] };
		assertValidParams(bodyCheck(isPOSTOmnichannelContactsProps), body);
		expect(body).to.deep.equal({ name: '123', emails: [], phones: ['5551234'] });
	});

	it('a typed declaration checks the query then the body, answering without the suffix', () => {
		const [query, body] = typedRouteChecks({ query: isGETOmnichannelContactsProps, body: isPOSTOmnichannelContactsProps });
		expect([query.target, query.error, body.target, body.error]).to.deep.equal(['query', 'typed-invalid-query', 'body', 'typed-invalid-body']);
		expect(renderError(thrownBy(() => assertValidParams(body, {})), { testMode: true })).to.deep.equal({
			statusCode: 400,
			body: { success: false, errorType: 'invalid-params', error: "must have required property 'name'" },
		});
		expect(renderError(thrownBy(() => assertValidParams(query, {})), { testMode: false }).body).to.include({ errorType: 'error-invalid-params' });
		expect(() => assertValidParams(body, { name: '', emails: [], phones: [] })).not.to.throw();
	});

	it('addRoute picks one validator for every method or one per method; GET reads the query', () => {
		const one = isPOSTOmnichannelContactsProps;
		expect(addRouteCheck(one, 'GET')).to.deep.include({ target: 'query', error: 'invalid-params' });
		expect(addRouteCheck({ POST: one }, 'POST')).to.deep.include({ target: 'body', validator: one });
		expect(addRouteCheck({ POST: one }, 'GET')).to.equal(undefined);
		expect(addRouteCheck(undefined, 'GET')).to.equal(undefined);
	});

	it("validates queries with 7.x's coercion: a one-element array is not unwrapped into a string", () => {
		const { validator } = addRouteCheck(isGETOmnichannelContactsProps, 'GET')!;
		expect(validator({ contactId: ['x'] })).to.equal(false);
		expect(joinValidationMessages(validator.errors)).to.equal('must be string');
		const query: Record<string, unknown> = { contactId: 'x' };
		expect(validator(query)).to.equal(true);
		expect(query).to.deep.equal({ contactId: 'x' });
	});

	describe('responseProblem (the response contract of typed routes)', () => {
		const okSchema = isPOSTOmnichannelContactsProps;

		it('accepts a response that fits the validator of its status', () => {
			expect(responseProblem({ 200: okSchema }, { statusCode: 200, body: { name: 'a', emails: [], phones: [] } })).to.equal(undefined);
		});

		it('names the drift: an undeclared status, or the ajv message', () => {
			expect(responseProblem({ 200: okSchema }, { statusCode: 404, body: {} })).to.equal('status 404 is not declared');
			expect(responseProblem({ 200: okSchema }, { statusCode: 200, body: { name: 'a', phones: [] } })).to.equal(
				"status 200: / must have required property 'emails'",
			);
		});

		it('checks the JSON the client receives and never alters the answer (ajv coerces)', () => {
			const body = { name: 5, emails: [], phones: [], when: new Date(0) };
			expect(responseProblem({ 200: okSchema }, { statusCode: 200, body })).to.match(/additional properties/);
			expect(body.name).to.equal(5);
		});
	});
});
