type AnyFunction = (...args: any[]) => any;

/** An override: receives the next implementation (the community one, or an earlier patch) and the call's arguments. */
export type PatchFunction<F extends AnyFunction> = (next: F, ...args: Parameters<F>) => ReturnType<F>;

/** Decides per call whether a patch applies, from the call's arguments (e.g. `deps.license`). */
export type PatchCondition<F extends AnyFunction> = (...args: Parameters<F>) => boolean;

export type PatchableFunction<F extends AnyFunction> = F & {
	/**
	 * Overrides the function while `condition` holds for a call (always, without one).
	 * The latest patch runs first and may call `next`. Returns a function that removes the patch.
	 */
	patch(patch: PatchFunction<F>, condition?: PatchCondition<F>): () => void;
};

interface Patch<F extends AnyFunction> {
	patch: PatchFunction<F>;
	condition: PatchCondition<F> | undefined;
}

/**
 * Wraps a community function so enterprise code can override it without the
 * community code importing anything enterprise: the `ee/` workspace calls
 * `.patch()` when it loads; callers keep calling the function as before.
 *
 * @example
 * export const getContactHistory = makeFunction(async (deps, contactId, page) => ...);
 * // in ee/: source filter while the licence has the module
 * getContactHistory.patch((next, deps, contactId, page) => next(deps, contactId, { ...page, sourceType: page.source }),
 *   (deps) => deps.license.hasModule('livechat-enterprise'));
 */
export function makeFunction<F extends AnyFunction>(original: F): PatchableFunction<F> {
	const patches: Patch<F>[] = [];

	// Builds the chain from the oldest patch up, so the newest patch is the outermost.
	const callAt = (index: number, args: Parameters<F>): ReturnType<F> => {
		for (let i = index; i >= 0; i--) {
			const { patch, condition } = patches[i];
			if (!condition || condition(...args)) {
				const next = ((...nextArgs: Parameters<F>) => callAt(i - 1, nextArgs)) as F;
				return patch(next, ...args);
			}
		}
		return original(...args);
	};

	const patchable = ((...args: Parameters<F>) => callAt(patches.length - 1, args)) as PatchableFunction<F>;
	patchable.patch = (patch, condition) => {
		const entry: Patch<F> = { patch, condition };
		patches.push(entry);
		return () => {
			const index = patches.indexOf(entry);
			if (index !== -1) {
				patches.splice(index, 1);
			}
		};
	};
	return patchable;
}
