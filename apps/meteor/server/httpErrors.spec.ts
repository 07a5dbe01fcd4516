import { expect } from 'chai';

import { clientErrorResult, frameworkErrorResult, rawResponse } from './httpErrors';

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

describe('clientErrorResult and rawResponse', () => {
	it('answers over-long headers with a JSON 431 and a slow request with a JSON 408', () => {
		expect(clientErrorResult({ code: 'HPE_HEADER_OVERFLOW' })).to.deep.include({ statusCode: 431 });
		expect(JSON.stringify(clientErrorResult({ code: 'HPE_HEADER_OVERFLOW' }).body)).to.equal(
			'{"success":false,"error":"Request header fields are too large [error-headers-too-large]","errorType":"error-headers-too-large"}',
		);
		expect(clientErrorResult({ code: 'ERR_HTTP_REQUEST_TIMEOUT' }).statusCode).to.equal(408);
		expect(clientErrorResult({ code: 'HPE_INVALID_METHOD' }).statusCode).to.equal(400);
	});

	it('writes a complete response with the standard headers, a byte length and Connection: close', () => {
		const text = rawResponse(clientErrorResult({ code: 'HPE_HEADER_OVERFLOW' }), { 'Content-Type': 'application/json', 'X-Instance-ID': 'i' });
		const [head, body] = text.split('\r\n\r\n');
		expect(head.split('\r\n')[0]).to.equal('HTTP/1.1 431 Request Header Fields Too Large');
		expect(head).to.include('Content-Type: application/json').and.include('X-Instance-ID: i').and.include('Connection: close');
		expect(head).to.include(`Content-Length: ${Buffer.byteLength(body)}`);
		expect(JSON.parse(body)).to.include({ errorType: 'error-headers-too-large' });
	});
});
