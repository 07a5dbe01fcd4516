import { useCallback, useEffect, useRef, useState } from 'react';

/** `value`, once it has stopped changing for `delayMs`: one search request per pause in typing. */
export function useDebouncedValue<T>(value: T, delayMs: number): T {
	const [debounced, setDebounced] = useState(value);
	useEffect(() => {
		const timer = setTimeout(() => setDebounced(value), delayMs);
		return () => clearTimeout(timer);
	}, [value, delayMs]);
	return debounced;
}

export type AsyncState<T> = { phase: 'loading'; data?: T } | { phase: 'done'; data: T } | { phase: 'error'; error: unknown; data?: T };

/**
 * Runs `load` whenever `key` changes, aborting the previous run, so a stale answer never
 * replaces a newer one and at most one request per key is in flight. The previous data stays
 * visible while the next loads (the table keeps its rows while paging).
 */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, key: string): AsyncState<T> & { reload(): void } {
	const [state, setState] = useState<AsyncState<T>>({ phase: 'loading' });
	const [generation, setGeneration] = useState(0);
	const loadRef = useRef(load);
	loadRef.current = load;

	useEffect(() => {
		const controller = new AbortController();
		setState((previous) => ({ phase: 'loading', data: previous.data }));
		loadRef.current(controller.signal).then(
			(data) => {
				if (!controller.signal.aborted) {
					setState({ phase: 'done', data });
				}
			},
			(error: unknown) => {
				if (!controller.signal.aborted) {
					setState((previous) => ({ phase: 'error', error, data: previous.data }));
				}
			},
		);
		return () => controller.abort();
	}, [key, generation]);

	const reload = useCallback(() => setGeneration((value) => value + 1), []);
	return { ...state, reload };
}
