import { expect } from 'chai';

import { frameworkErrorResult } from './httpErrors';

describe('frameworkErrorResult', () => {
	it('answers an oversized body with a JSON 413', () => {
		expect(frameworkErrorResult({ code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 })).to.deep.equal({
			statusCode: 413,
			body: { success: false, error: 'Request body is too large [error-payload-too-large]', errorType: 'error-payload-too-large' },
		});
	});

	it('keeps the status of other client errors', () => {
		const result = frameworkErrorResult({ code: 'FST_ERR_SOMETHING_NEW', statusCode: 422 });
		expect(result.statusCode).to.equal(422);
		expect(result.body).to.include({ success: false, errorType: 'error-bad-request' });
	});

	it('turns anything that is not a client error into a 500', () => {
		expect(frameworkErrorResult({ code: 'X', statusCode: 503 })).to.deep.equal({
			statusCode: 500,
			body: { success: false, error: 'Internal server error' },
		});
		expect(frameworkErrorResult({ code: 'X', statusCode: undefined }).statusCode).to.equal(500);
	});
});
