import { expect } from 'chai';

import { failure, forbidden, internalError, notFound, notLoggedIn, success, tooManyRequests, unauthorized } from './responses';

const wire = (result: { body: unknown }) => JSON.stringify(result.body);

describe('response helpers', () => {
	it('success appends success:true after the given keys', () => {
		expect(success({ contactId: 'abc' })).to.deep.equal({ statusCode: 200, body: { contactId: 'abc', success: true } });
		expect(wire(success({ contactId: 'abc' }))).to.equal('{"contactId":"abc","success":true}');
		expect(wire(success())).to.equal('{"success":true}');
	});

	it('failure without arguments is a bare {success:false}', () => {
		expect(failure()).to.deep.include({ statusCode: 400 });
		expect(wire(failure())).to.equal('{"success":false}');
	});

	it('failure with an object message only adds success:false', () => {
		expect(failure({ error: 'x', extra: 1 }).body).to.deep.equal({ error: 'x', extra: 1, success: false });
	});

	it('failure omits errorType and details when absent', () => {
		expect(wire(failure('error-contact-manager-not-found'))).to.equal('{"success":false,"error":"error-contact-manager-not-found"}');
	});

	it('the other helpers use Rocket.Chat statuses and default texts', () => {
		expect(notFound()).to.deep.equal({ statusCode: 404, body: { success: false, error: 'Resource not found' } });
		expect(unauthorized()).to.deep.equal({ statusCode: 401, body: { success: false, error: 'unauthorized' } });
		expect(forbidden()).to.deep.equal({ statusCode: 403, body: { success: false, error: 'unauthorized' } });
		expect(tooManyRequests()).to.deep.equal({ statusCode: 429, body: { success: false, error: 'Too many requests' } });
		expect(internalError()).to.deep.equal({ statusCode: 500, body: { success: false, error: 'Internal server error' } });
		expect(notFound('gone').body.error).to.equal('gone');
	});

	it('the 401 for a missing login has the four 7.x keys in order', () => {
		expect(wire(notLoggedIn())).to.equal(
			'{"success":false,"error":"You must be logged in to do this.","status":"error","message":"You must be logged in to do this."}',
		);
		expect(notLoggedIn().statusCode).to.equal(401);
	});
});
