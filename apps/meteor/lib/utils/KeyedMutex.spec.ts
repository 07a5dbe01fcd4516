import { expect } from 'chai';

import { KeyedMutex } from './KeyedMutex';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('KeyedMutex', () => {
	it('runs tasks of one key one after the other, in arrival order', async () => {
		const mutex = new KeyedMutex();
		const events: string[] = [];
		const task = (name: string) => async () => {
			events.push(`${name} start`);
			await tick();
			events.push(`${name} end`);
			return name;
		};
		const results = await Promise.all([mutex.run('k', task('a')), mutex.run('k', task('b'))]);
		expect(results).to.deep.equal(['a', 'b']);
		expect(events).to.deep.equal(['a start', 'a end', 'b start', 'b end']);
	});

	it('runs different keys concurrently and keeps going after a failed task', async () => {
		const mutex = new KeyedMutex();
		const events: string[] = [];
		const failing = mutex.run('x', async () => {
			events.push('x start');
			await tick();
			throw new Error('boom');
		});
		const other = mutex.run('y', async () => {
			events.push('y start');
			return 'y';
		});
		const next = mutex.run('x', async () => 'after failure');
		const error = await failing.catch((err: Error) => err);
		expect((error as Error).message).to.equal('boom');
		expect(await other).to.equal('y');
		expect(await next).to.equal('after failure');
		expect(events.slice(0, 2)).to.deep.equal(['x start', 'y start']);
	});
});
