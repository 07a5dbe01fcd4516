import { expect } from 'chai';

import { makeFunction } from './makeFunction';

describe('makeFunction', () => {
	it('calls the original while nothing is patched', () => {
		const double = makeFunction((n: number) => n * 2);
		expect(double(21)).to.equal(42);
	});

	it('runs a patch instead of the original, which it may call as next', () => {
		const greet = makeFunction((name: string) => `hello ${name}`);
		greet.patch((next, name) => `${next(name)}!`);
		expect(greet('ann')).to.equal('hello ann!');
	});

	it('skips a patch whose condition is false for the call, deciding per call from its arguments', () => {
		const history = makeFunction((licensed: boolean, source?: string) => `all (${licensed})${source ? ` ignoring ${source}` : ''}`);
		history.patch((_next, _licensed, source) => `only ${source}`, (licensed) => licensed);
		expect(history(true, 'sms')).to.equal('only sms');
		expect(history(false, 'sms')).to.equal('all (false) ignoring sms');
	});

	it('runs the newest patch first and chains to older ones', () => {
		const trail = makeFunction((): string[] => ['original']);
		trail.patch((next) => ['first', ...next()]);
		trail.patch((next) => ['second', ...next()]);
		expect(trail()).to.deep.equal(['second', 'first', 'original']);
	});

	it('a skipped newer patch hands the call to the older ones', () => {
		const trail = makeFunction((on: boolean): string[] => [`original ${on}`]);
		trail.patch((next, on) => ['older', ...next(on)]);
		trail.patch((next, on) => ['newer', ...next(on)], (on) => on);
		expect(trail(false)).to.deep.equal(['older', 'original false']);
		expect(trail(true)).to.deep.equal(['newer', 'older', 'original true']);
	});

	it('removes a patch through the function patch() returns', () => {
		const value = makeFunction(() => 'community');
		const unpatch = value.patch(() => 'enterprise');
		expect(value()).to.equal('enterprise');
		unpatch();
		expect(value()).to.equal('community');
	});
});
