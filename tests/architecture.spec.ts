import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

import { expect } from 'chai';

/*
 * The package boundaries, checked on every `npm test`:
 * - a workspace imports other packages only through their declared entry
 *   points (`exports`), never `@omni/<pkg>/src/...`;
 * - every package a workspace imports is declared in its own package.json
 *   (test files may use devDependencies);
 * - relative imports stay inside their workspace (the root's tools — bench,
 *   these tests — may reach into the workspaces);
 * - community code never imports enterprise code, except the composition
 *   root that loads it.
 */

const ROOT = path.resolve(__dirname, '..');
const SKIPPED_DIRS = new Set(['node_modules', '.data', '.git', '.tmp', 'dist', 'results']);
/** The one community file allowed to load `@omni/ee` (it imports it so the licence can switch it per request). */
const COMPOSITION_ROOT = 'apps/meteor/server/createServer.ts';
const BUILTINS = new Set(builtinModules);

interface Workspace {
	dir: string;
	name: string;
	dependencies: Record<string, string>;
	devDependencies: Record<string, string>;
	exports: string[];
}

function readPackage(dir: string): Workspace {
	const pkg = JSON.parse(readFileSync(path.join(ROOT, dir, 'package.json'), 'utf8'));
	return {
		dir,
		name: pkg.name,
		dependencies: pkg.dependencies ?? {},
		devDependencies: pkg.devDependencies ?? {},
		exports: Object.keys(pkg.exports ?? {}),
	};
}

function workspaceDirs(): string[] {
	const patterns: string[] = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).workspaces;
	return patterns.flatMap((pattern) => {
		if (!pattern.endsWith('/*')) {
			return [pattern];
		}
		const parent = pattern.slice(0, -2);
		return readdirSync(path.join(ROOT, parent))
			.map((child) => `${parent}/${child}`)
			.filter((dir) => {
				try {
					return statSync(path.join(ROOT, dir, 'package.json')).isFile();
				} catch {
					return false;
				}
			});
	});
}

function typeScriptFiles(dir: string): string[] {
	return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
		const relative = dir ? `${dir}/${entry.name}` : entry.name;
		if (entry.isDirectory()) {
			return SKIPPED_DIRS.has(entry.name) || entry.name.startsWith('.') ? [] : typeScriptFiles(relative);
		}
		return entry.name.endsWith('.ts') ? [relative] : [];
	});
}

const IMPORT = /(?:^|\s)(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|(?:^|\s)import\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|\brequire\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): string[] {
	const text = readFileSync(path.join(ROOT, file), 'utf8');
	return [...text.matchAll(IMPORT)].map((match) => match[1] ?? match[2] ?? match[3] ?? match[4]);
}

function packageName(specifier: string): string {
	const parts = specifier.split('/');
	return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function isTestFile(file: string): boolean {
	return /\.spec\.ts$/.test(file) || /(^|\/)tests\//.test(file) || /(^|\/)testing\//.test(file);
}

describe('architecture: package boundaries', () => {
	const workspaces = workspaceDirs().map(readPackage);
	const byName = new Map(workspaces.map((workspace) => [workspace.name, workspace]));
	const root = readPackage('');
	const files = typeScriptFiles('');

	function workspaceOf(file: string): Workspace {
		return workspaces.filter(({ dir }) => file.startsWith(`${dir}/`)).sort((a, b) => b.dir.length - a.dir.length)[0] ?? root;
	}

	function violations(check: (file: string, specifier: string, workspace: Workspace) => string | undefined): string[] {
		return files.flatMap((file) => {
			const workspace = workspaceOf(file);
			return importsOf(file).flatMap((specifier) => {
				const problem = check(file, specifier, workspace);
				return problem ? [`${file}: ${problem}`] : [];
			});
		});
	}

	it('finds the workspaces and their files (the globs match something)', () => {
		expect(workspaces.map(({ dir }) => dir)).to.include.members(['apps/meteor', 'ee', 'packages/model-typings', 'packages/models', 'packages/database']);
		expect(files.filter((file) => file.startsWith('ee/'))).not.to.be.empty;
	});

	it('imports @omni packages only through their declared entry points', () => {
		expect(
			violations((_file, specifier) => {
				if (!specifier.startsWith('@omni/')) {
					return undefined;
				}
				const target = byName.get(packageName(specifier));
				if (!target) {
					return `${specifier} is not a workspace`;
				}
				const subpath = `.${specifier.slice(target.name.length)}`;
				return target.exports.includes(subpath) ? undefined : `${specifier} is not an entry point of ${target.name} (exports: ${target.exports.join(', ')})`;
			}),
		).to.deep.equal([]);
	});

	it('declares every imported package in the importing workspace', () => {
		expect(
			violations((file, specifier, workspace) => {
				if (specifier.startsWith('.') || specifier.startsWith('node:') || BUILTINS.has(specifier) || specifier.startsWith('meteor/')) {
					return undefined;
				}
				const name = packageName(specifier);
				if (name === workspace.name || workspace.dependencies[name]) {
					return undefined;
				}
				if (workspace.devDependencies[name] && (isTestFile(file) || workspace === root)) {
					return undefined;
				}
				return `imports ${name}, which ${workspace.name} does not declare${workspace.devDependencies[name] ? ' as a runtime dependency' : ''}`;
			}),
		).to.deep.equal([]);
	});

	it('keeps relative imports inside their workspace (root tools excepted)', () => {
		expect(
			violations((file, specifier, workspace) => {
				if (!specifier.startsWith('.') || workspace === root) {
					return undefined;
				}
				const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
				return target.startsWith(`${workspace.dir}/`) ? undefined : `${specifier} leaves ${workspace.dir}`;
			}),
		).to.deep.equal([]);
	});

	it('route files get typed params and a non-null user from their declarations: no casts, no `!`', () => {
		const routeFiles = files.filter((file) => /\/api\/(server\/)?v1\/[^/]+\.ts$/.test(file) && !file.endsWith('.spec.ts'));
		expect(routeFiles.length).to.be.greaterThan(5);
		const problems = routeFiles.flatMap((file) =>
			readFileSync(path.join(ROOT, file), 'utf8')
				.split('\n')
				.flatMap((line, index) => (/\b(this|ctx)\.(user|userId|authToken)!|\bas \w*Params\b|(bodyParams|queryParams) as /.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : [])),
		);
		expect(problems).to.deep.equal([]);
	});

	it('never imports enterprise code from community code, except at the composition root', () => {
		expect(
			violations((file, specifier) => {
				if (file.startsWith('ee/') || file === COMPOSITION_ROOT || file.startsWith('tests/')) {
					return undefined;
				}
				const resolved = specifier.startsWith('.') ? path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)) : '';
				return packageName(specifier) === '@omni/ee' || resolved.startsWith('ee/') ? `imports enterprise code (${specifier})` : undefined;
			}),
		).to.deep.equal([]);
	});
});
