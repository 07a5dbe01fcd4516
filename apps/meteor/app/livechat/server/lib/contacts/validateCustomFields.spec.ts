import { expect } from 'chai';

import { validateCustomFields } from './validateCustomFields';

describe('validateCustomFields', () => {
	const optional = { _id: 'nickname', label: 'Nickname' };
	const required = { _id: 'cf1', label: 'Custom Field 1', required: true };

	it('returns an empty object when nothing is allowed and nothing is sent', () => {
		expect(validateCustomFields([], {})).to.deep.equal({});
	});

	it('keeps allowed values, trimmed', () => {
		expect(validateCustomFields([optional, required], { nickname: '  Jo ', cf1: 'x' })).to.deep.equal({ nickname: 'Jo', cf1: 'x' });
	});

	it('stringifies non-string truthy values', () => {
		expect(validateCustomFields([optional], { nickname: 42 })).to.deep.equal({ nickname: '42' });
		expect(validateCustomFields([optional], { nickname: true })).to.deep.equal({ nickname: 'true' });
	});

	it('drops an optional field whose value is empty, blank or falsy', () => {
		for (const value of ['', '   ', 0, false, null]) {
			expect(validateCustomFields([optional], { nickname: value })).to.deep.equal({});
		}
	});

	it('fails a missing required field with its label', () => {
		expect(() => validateCustomFields([required], {})).to.throw('Invalid value for Custom Field 1 field');
	});

	it('fails a required field whose value is empty after trimming, or falsy', () => {
		for (const value of ['', '  ', 0, false, null]) {
			expect(() => validateCustomFields([required], { cf1: value })).to.throw('Invalid value for Custom Field 1 field');
		}
	});

	it('names the field by its id when it has no label', () => {
		expect(() => validateCustomFields([{ _id: 'code', label: '', required: true }], {})).to.throw('Invalid value for code field');
	});

	it('tests the regexp unanchored, without flags', () => {
		const digits = { _id: 'zip', label: 'Zip', regexp: '[0-9]{5}' };
		expect(validateCustomFields([digits], { zip: 'abc12345' })).to.deep.equal({ zip: 'abc12345' });
		expect(() => validateCustomFields([digits], { zip: '1234' })).to.throw('Invalid value for Zip field');
		const anchored = { _id: 'zip', label: 'Zip', regexp: '^[0-9]{5}$' };
		expect(() => validateCustomFields([anchored], { zip: 'abc12345' })).to.throw('Invalid value for Zip field');
		const lowercase = { _id: 'code', label: 'Code', regexp: '^[a-z]+$' };
		expect(() => validateCustomFields([lowercase], { code: 'ABC' })).to.throw('Invalid value for Code field');
	});

	it('does not apply the regexp to an absent optional field', () => {
		expect(validateCustomFields([{ _id: 'zip', label: 'Zip', regexp: '^[0-9]+$' }], {})).to.deep.equal({});
	});

	it('fails a key that is not allowed', () => {
		expect(() => validateCustomFields([optional], { nickname: 'Jo', hiddenOne: 'x' })).to.throw('Custom field hiddenOne is not allowed');
	});

	it('ignores keys that are not allowed when asked to', () => {
		expect(validateCustomFields([optional], { nickname: 'Jo', other: 'x' }, { ignoreAdditionalFields: true })).to.deep.equal({ nickname: 'Jo' });
	});

	it('checks the allowed fields, in order, before the extra keys', () => {
		expect(() => validateCustomFields([required, optional], { extra: 'x' })).to.throw('Invalid value for Custom Field 1 field');
	});
});
