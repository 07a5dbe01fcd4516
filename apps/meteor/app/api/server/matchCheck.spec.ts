import { expect } from 'chai';

import { checkStringKeys } from './matchCheck';

describe('checkStringKeys (Meteor check() texts)', () => {
	const pattern = { token: {}, rid: { optional: true } };

	it('accepts required and optional strings, and a null optional', () => {
		expect(() => checkStringKeys({ token: 't', rid: null }, pattern)).not.to.throw();
	});

	it('names the first unknown key', () => {
		expect(() => checkStringKeys({ token: 't', foo: 'x' }, pattern)).to.throw('Match error: Unknown key in field foo');
	});

	it('reports a missing required key after checking the present ones', () => {
		expect(() => checkStringKeys({ rid: 'r' }, pattern)).to.throw("Match error: Missing key 'token'");
		expect(() => checkStringKeys({ foo: 1 }, pattern)).to.throw('Match error: Unknown key in field foo');
	});

	it('refuses non-strings with Meteor texts', () => {
		expect(() => checkStringKeys({ token: ['a', 'b'] }, pattern)).to.throw('Match error: Expected string, got object in field token');
		expect(() => checkStringKeys({ token: 't', rid: 5 }, pattern)).to.throw('Match error: Failed Match.OneOf, Match.Maybe or Match.Optional validation in field rid');
	});

	it('lets unknown keys through when asked to', () => {
		expect(() => checkStringKeys({ token: 't', sla: 'x' }, pattern, { allowUnknown: true })).not.to.throw();
	});
});
