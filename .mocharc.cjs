// One mocha run covers unit specs beside the code and API tests over HTTP.
module.exports = {
	'node-option': ['import=tsx'],
	extension: ['ts'],
	// Root hooks: one shared TEST_MODE server for the API tests (apps/meteor/tests/data/api-data.ts).
	require: ['apps/meteor/tests/data/hooks.ts'],
	spec: ['tests/**/*.spec.ts', 'packages/**/*.spec.ts', 'apps/meteor/**/*.spec.ts', 'ee/**/*.spec.ts', 'apps/meteor/tests/end-to-end/**/*.ts'],
	ignore: ['**/node_modules/**'],
	timeout: 20000,
	exit: true,
};
