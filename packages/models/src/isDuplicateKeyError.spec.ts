import { expect } from 'chai';

import { isDuplicateKeyError } from './isDuplicateKeyError';

describe('isDuplicateKeyError', () => {
	it('recognizes code 11000, optionally on one key path of the index', () => {
		const error = Object.assign(new Error('E11000'), { code: 11000, keyPattern: { 'v.token': 1, 'open': 1 } });
		expect(isDuplicateKeyError(error)).to.equal(true);
		expect(isDuplicateKeyError(error, 'v.token')).to.equal(true);
		expect(isDuplicateKeyError(error, '_id')).to.equal(false);
	});

	it('is false for anything else', () => {
		expect(isDuplicateKeyError(Object.assign(new Error('x'), { code: 112 }))).to.equal(false);
		expect(isDuplicateKeyError(undefined)).to.equal(false);
		expect(isDuplicateKeyError('E11000')).to.equal(false);
	});
});
