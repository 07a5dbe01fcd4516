import { expect } from 'chai';

import { MeteorError } from '../../../../lib/errors/MeteorError';
import { assertSafePattern, matchesPattern, MAX_PATTERN_LENGTH } from './customFieldPattern';

describe('custom field patterns', () => {
	it('match like a JavaScript RegExp#test for ordinary patterns: unanchored unless anchored', () => {
		const cases: [string, string][] = [
			['^[0-9]+$', '123'],
			['^[0-9]+$', '12a'],
			['[0-9]{3}', 'abc1234'],
			['^\\d{3}\\.\\d{3}\\.\\d{3}-\\d{2}$', '123.456.789-09'],
			['^[A-Za-z ]+$', 'Jane Doe'],
			['^(?:\\+|00)\\d+$', '+5511999'],
			['\\/x', 'a/x'],
			['^\\w+@\\w+\\.com$', 'a@b.com'],
			['a|b', 'zzz'],
		];
		for (const [pattern, value] of cases) {
			expect(matchesPattern(pattern, value), `${pattern} on ${value}`).to.equal(new RegExp(pattern).test(value));
		}
	});

	it('evaluates ^(a+)+$ on a 30-character value without backtracking', () => {
		const started = process.hrtime.bigint();
		expect(matchesPattern('^(a+)+$', `${'a'.repeat(30)}b`)).to.equal(false);
		expect(matchesPattern('^(a+)+$', 'a'.repeat(30))).to.equal(true);
		// A backtracking engine needs seconds here; generous bound for a loaded machine.
		expect(Number(process.hrtime.bigint() - started) / 1e6).to.be.below(1000);
	});

	it('accepts patterns RE2 and JavaScript both understand', () => {
		for (const pattern of ['^[0-9]+$', '^(a+)+$', '^\\S+@\\S+$', 'x{2,5}']) {
			expect(() => assertSafePattern('f', pattern), pattern).not.to.throw();
		}
	});

	it('refuses backreferences, lookarounds, invalid syntax and over-long patterns, naming the field', () => {
		for (const pattern of ['(a)\\1', '(?=a)b', '(?<!a)b', '[', '(?P<x>a)', 'a'.repeat(MAX_PATTERN_LENGTH + 1)]) {
			let thrown: unknown;
			try {
				assertSafePattern('cpf', pattern);
			} catch (error) {
				thrown = error;
			}
			expect(thrown, pattern.slice(0, 20)).to.be.instanceOf(MeteorError).with.property('error', 'error-invalid-custom-field-regexp');
			expect((thrown as MeteorError).details).to.deep.equal({ field: 'cpf', max: MAX_PATTERN_LENGTH });
		}
	});

	it('matches nothing with a stored pattern RE2 cannot run, instead of evaluating it by backtracking', () => {
		expect(matchesPattern('(a)\\1', 'aa')).to.equal(false);
	});
});
