import { expect } from 'chai';

import { createChangeInvalidatedCache } from './changeInvalidatedCache';

/** A cache over a one-value "collection"; a held load has read its value and not returned yet. */
function fixture() {
	let stored = 1;
	let loads = 0;
	let listener: (() => void) | undefined;
	let release: (() => void) | undefined;
	let holdLoads = false;
	const cache = createChangeInvalidatedCache(
		async () => {
			loads++;
			const read = stored;
			if (holdLoads) await new Promise<void>((resolve) => (release = resolve));
			return read;
		},
		(changed) => {
			listener = changed;
			return async () => {
				listener = undefined;
			};
		},
	);
	return {
		cache,
		write(value: number) {
			stored = value;
			listener?.();
		},
		loads: () => loads,
		hold: (on: boolean) => (holdLoads = on),
		release: () => release?.(),
		subscribed: () => listener !== undefined,
	};
}

describe('createChangeInvalidatedCache', () => {
	it('loads once, then answers synchronously from memory', async () => {
		const f = fixture();
		expect(await f.cache.get()).to.equal(1);
		expect(f.cache.get()).to.equal(1);
		expect(f.loads()).to.equal(1);
	});

	it('shares one load between concurrent first readers', async () => {
		const f = fixture();
		expect(await Promise.all([f.cache.get(), f.cache.get(), f.cache.get()])).to.deep.equal([1, 1, 1]);
		expect(f.loads()).to.equal(1);
	});

	it('reloads after invalidate() and after a change event once started', async () => {
		const f = fixture();
		f.cache.start();
		await f.cache.get();
		f.write(2);
		expect(await f.cache.get()).to.equal(2);
		f.cache.invalidate();
		expect(await f.cache.get()).to.equal(2);
		expect(f.loads()).to.equal(3);
	});

	it('does not keep a load that overlapped a change', async () => {
		const f = fixture();
		f.cache.start();
		f.hold(true);
		const first = f.cache.get();
		f.write(2);
		f.release();
		expect(await first).to.equal(1);
		f.hold(false);
		expect(await f.cache.get()).to.equal(2);
		expect(f.loads()).to.equal(2);
	});

	it('stops listening after stop()', async () => {
		const f = fixture();
		f.cache.start();
		expect(f.subscribed()).to.equal(true);
		await f.cache.stop();
		expect(f.subscribed()).to.equal(false);
	});
});
