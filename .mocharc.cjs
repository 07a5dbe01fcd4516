// One mocha run covers unit specs beside the code and API tests over HTTP.
module.exports = {
	'node-option': ['import=tsx'],
	extension: ['ts'],
	spec: ['packages/**/*.spec.ts', 'apps/meteor/**/*.spec.ts', 'ee/**/*.spec.ts', 'apps/meteor/tests/end-to-end/**/*.ts'],
	ignore: ['**/node_modules/**'],
	timeout: 20000,
	exit: true,
};
