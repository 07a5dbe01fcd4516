import { expect } from 'chai';

import { describeError, errorField, retryAfterSeconds, withoutErrorCode } from './errors';
import { ApiError } from './restClient';

const tooMany = new ApiError(
	429,
	'Error, too many requests. Please slow down. You must wait 42 seconds before trying this endpoint again. [error-too-many-requests]',
);

describe('client error texts', () => {
	it('drops the trailing Rocket.Chat error code', () => {
		expect(withoutErrorCode("must have required property 'emails' [invalid-params]")).to.equal("must have required property 'emails'");
		expect(withoutErrorCode('Unauthorized')).to.equal('Unauthorized');
	});

	it('reads the wait time out of a 429', () => {
		expect(retryAfterSeconds(tooMany)).to.equal(42);
		expect(describeError(tooMany)).to.equal('Too many requests. Try again in 42 seconds.');
		expect(retryAfterSeconds(new ApiError(400, 'wait 3 seconds'))).to.equal(undefined);
	});

	it('says a 403 is about permissions', () => {
		const error = new ApiError(403, 'User does not have the permissions required for this action [error-unauthorized]');
		expect(describeError(error)).to.equal('You do not have permission to do this. The server said: User does not have the permissions required for this action');
	});
});

describe('errorField', () => {
	const customFields = [
		{ _id: 'age', label: 'Age' },
		{ _id: 'cpf', label: '' },
	];

	it('maps the field named in details (limits) to a form key', () => {
		const error = new ApiError(400, 'The field phones[1] is longer than 12 characters [error-input-too-long]', 'error-input-too-long', { field: 'phones[1]', max: 12 });
		expect(errorField(error, customFields)).to.equal('phones.1');
		expect(errorField(new ApiError(400, 'x', 'error-input-too-long', { field: 'name' }), customFields)).to.equal('name');
	});

	it('maps custom-field texts by label, or by id when the field has no label', () => {
		expect(errorField(new ApiError(400, 'Invalid value for Age field'), customFields)).to.equal('customFields.age');
		expect(errorField(new ApiError(400, 'Invalid value for cpf field'), customFields)).to.equal('customFields.cpf');
		expect(errorField(new ApiError(400, 'Custom field extra is not allowed'), customFields)).to.equal('customFields.extra');
	});

	it('maps the contact manager and required-property errors', () => {
		expect(errorField(new ApiError(400, 'error-contact-manager-not-found'), customFields)).to.equal('contactManager');
		expect(errorField(new ApiError(400, "must have required property 'name' [invalid-params]"), customFields)).to.equal('name');
	});

	it('leaves errors about the whole request unassigned', () => {
		expect(errorField(new ApiError(400, 'error-contact-not-found'), customFields)).to.equal(undefined);
		expect(errorField(new ApiError(403, "must have required property 'name'"), customFields)).to.equal(undefined);
	});
});
