import { expect } from 'chai';

import { ApiError } from '../../../lib/errors/MeteorError';
import { rateLimitHeaders, RateLimiter, secondsUntilReset } from './rateLimiter';

describe('RateLimiter', () => {
	let limiter: RateLimiter;
	beforeEach(() => {
		limiter = new RateLimiter();
	});
	afterEach(() => limiter.stop());

	it('allows `limit` calls in a window and refuses the next one', () => {
		const decisions = Array.from({ length: 11 }, (_, i) => limiter.hit('k', 10, 60_000, 1_000 + i));
		expect(decisions.slice(0, 10).every((d) => d.allowed)).to.equal(true);
		expect(decisions[9].remaining).to.equal(0);
		expect(decisions[10]).to.deep.equal({ allowed: false, limit: 10, remaining: 0, resetAt: 61_000 });
	});

	it('counts remaining calls down from the limit', () => {
		expect(limiter.hit('k', 3, 1000, 0).remaining).to.equal(2);
		expect(limiter.hit('k', 3, 1000, 1).remaining).to.equal(1);
	});

	it('opens a new window once the previous one has reset', () => {
		for (let i = 0; i < 5; i++) {
			limiter.hit('k', 2, 1000, 0);
		}
		expect(limiter.hit('k', 2, 1000, 999).allowed).to.equal(false);
		expect(limiter.hit('k', 2, 1000, 1000)).to.deep.equal({ allowed: true, limit: 2, remaining: 1, resetAt: 2000 });
	});

	it('keeps separate windows per key', () => {
		limiter.hit('a', 1, 1000, 0);
		expect(limiter.hit('a', 1, 1000, 1).allowed).to.equal(false);
		expect(limiter.hit('b', 1, 1000, 1).allowed).to.equal(true);
	});

	it('sweeps expired windows', () => {
		limiter.hit('a', 1, 1000, 0);
		limiter.hit('b', 1, 5000, 0);
		limiter.sweep(1000);
		expect(limiter.size).to.equal(1);
	});

	it('holds at most maxWindows, forgetting the window opened longest ago', () => {
		const bounded = new RateLimiter(60_000, 3);
		try {
			for (const key of ['a', 'b', 'c', 'd']) {
				bounded.hit(key, 1, 1000, 0);
			}
			expect(bounded.size).to.equal(3);
			expect(bounded.peek('a', 1)).to.equal(undefined);
			expect(bounded.hit('b', 1, 1000, 1).allowed).to.equal(false);
			for (let i = 0; i < 15_000; i++) {
				bounded.hit(`spoofed-${i}`, 1, 1000, 2);
			}
			expect(bounded.size).to.equal(3);
		} finally {
			bounded.stop();
		}
	});

	it('peeks at an open window without counting, and resets a key', () => {
		expect(limiter.peek('k', 0)).to.equal(undefined);
		limiter.hit('k', 5, 1000, 0);
		limiter.hit('k', 5, 1000, 1);
		expect(limiter.peek('k', 2)).to.deep.equal({ count: 2, resetAt: 1000 });
		expect(limiter.peek('k', 2)).to.deep.equal({ count: 2, resetAt: 1000 });
		expect(limiter.peek('k', 1000)).to.equal(undefined);
		limiter.reset('k');
		expect(limiter.hit('k', 5, 1000, 3).remaining).to.equal(4);
	});

	it('rounds the wait up to whole seconds and words the error like Rocket.Chat', () => {
		const decision = { allowed: false, limit: 10, remaining: 0, resetAt: 60_000 };
		expect(secondsUntilReset(decision, 1)).to.equal(60);
		expect(secondsUntilReset(decision, 59_001)).to.equal(1);
		expect(new ApiError('error-too-many-requests', { seconds: 60 }).reason).to.equal(
			'Error, too many requests. Please slow down. You must wait 60 seconds before trying this endpoint again.',
		);
	});

	it('exposes the window as X-RateLimit-* headers', () => {
		expect(rateLimitHeaders({ allowed: true, limit: 10, remaining: 9, resetAt: 123 })).to.deep.equal({
			'X-RateLimit-Limit': '10',
			'X-RateLimit-Remaining': '9',
			'X-RateLimit-Reset': '123',
		});
	});
});
