import { expect } from 'chai';

import { failure, forbidden, internalError, notFound, success, unauthorized } from './responses';

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

	it('failure with a text is a plain 400 without errorType or stack', () => {
		expect(wire(failure('error-contact-manager-not-found'))).to.equal('{"success":false,"error":"error-contact-manager-not-found"}');
	});

	it('the other helpers use Rocket.Chat statuses and default texts', () => {
		expect(notFound()).to.deep.equal({ statusCode: 404, body: { success: false, error: 'Resource not found' } });
		expect(wire(unauthorized())).to.equal('{"success":false,"error":"unauthorized"}');
		expect(unauthorized().statusCode).to.equal(401);
		expect(wire(forbidden())).to.equal('{"success":false,"error":"unauthorized"}');
		expect(forbidden().statusCode).to.equal(403);
		expect(internalError()).to.deep.include({ statusCode: 500 });
		expect(wire(internalError())).to.equal('{"success":false,"error":"Internal server error"}');
		expect(wire(notFound('gone'))).to.equal('{"success":false,"error":"gone"}');
	});
});
