import path from 'node:path';

import type { Context, Suite } from 'mocha';

import { startSharedServer, stopSharedServer } from './api-data';

const API_TESTS_DIR = `${path.sep}tests${path.sep}end-to-end${path.sep}`;

function containsApiTests(suite: Suite): boolean {
	return Boolean(suite.file?.includes(API_TESTS_DIR)) || suite.suites.some(containsApiTests);
}

/**
 * Mocha root hooks (registered in `.mocharc.cjs`): one shared TEST_MODE server
 * for every API test of the run. A run of unit specs only starts nothing.
 */
export const mochaHooks = {
	async beforeAll(this: Context): Promise<void> {
		const root = this.test?.parent;
		if (root && containsApiTests(root)) {
			this.timeout(90_000);
			await startSharedServer();
		}
	},
	async afterAll(this: Context): Promise<void> {
		this.timeout(30_000);
		await stopSharedServer();
	},
};
