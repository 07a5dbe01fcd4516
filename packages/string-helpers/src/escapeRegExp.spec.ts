import { expect } from 'chai';

import { escapeRegExp } from './escapeRegExp';

describe('escapeRegExp', () => {
	it('escapes every character a regular expression gives a meaning to', () => {
		const special = '.*+?^${}()|[]\\';
		expect(new RegExp(`^${escapeRegExp(special)}$`).test(special)).to.equal(true);
	});

	it('leaves ordinary text alone, so it still matches as a substring', () => {
		expect(escapeRegExp('ann@example.com')).to.equal('ann@example\\.com');
		expect(new RegExp(escapeRegExp('+1 (555)')).test('call +1 (555) 0100')).to.equal(true);
	});
});
