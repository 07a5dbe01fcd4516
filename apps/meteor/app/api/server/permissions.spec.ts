import { expect } from 'chai';

import { resolvePermissionCheck } from './permissions';

describe('resolvePermissionCheck', () => {
	it('is undefined when a route declares no permissions', () => {
		expect(resolvePermissionCheck(undefined, 'GET')).to.equal(undefined);
	});

	it('applies an array with hasAll to every method', () => {
		for (const method of ['GET', 'POST', 'DELETE'] as const) {
			expect(resolvePermissionCheck(['a', 'b'], method)).to.deep.equal({ operation: 'hasAll', permissions: ['a', 'b'] });
		}
	});

	it('looks an object up by method and falls back to "*"', () => {
		const required = { GET: ['view'], '*': ['edit'] };
		expect(resolvePermissionCheck(required, 'GET')).to.deep.equal({ operation: 'hasAll', permissions: ['view'] });
		expect(resolvePermissionCheck(required, 'POST')).to.deep.equal({ operation: 'hasAll', permissions: ['edit'] });
	});

	it('denies a method with no entry and no "*"', () => {
		expect(resolvePermissionCheck({ GET: ['view'] }, 'POST')).to.equal('deny');
	});

	it('keeps the long form operation', () => {
		expect(resolvePermissionCheck({ POST: { operation: 'hasAny', permissions: ['a', 'b'] } }, 'POST')).to.deep.equal({
			operation: 'hasAny',
			permissions: ['a', 'b'],
		});
	});

	it('keeps an empty list, which allows everyone', () => {
		expect(resolvePermissionCheck([], 'GET')).to.deep.equal({ operation: 'hasAll', permissions: [] });
		expect(resolvePermissionCheck({ '*': [] }, 'PUT')).to.deep.equal({ operation: 'hasAll', permissions: [] });
	});
});
