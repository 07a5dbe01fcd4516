/**
 * Keys of one index that two or more documents share, by how many share
 * them: what a duplicates report pages through, kept up to date by every
 * write of the index instead of being recomputed per request. Within one
 * size the keys are kept sorted (built on the first read, then maintained
 * by binary insertion), so a page costs O(distinct sizes + page length).
 */
export class KeyGroups {
	private readonly bySize = new Map<number, SortedKeys>();
	private groupCount = 0;

	/** Groups (keys held by at least two documents). */
	get total(): number {
		return this.groupCount;
	}

	/** A key's holder count went from `before` to `after`. */
	resized(key: string, before: number, after: number): void {
		if (before === after) return;
		if (before >= 2) {
			const keys = this.bySize.get(before) as SortedKeys;
			keys.delete(key);
			if (keys.size === 0) this.bySize.delete(before);
			this.groupCount--;
		}
		if (after >= 2) {
			let keys = this.bySize.get(after);
			if (!keys) {
				keys = new SortedKeys();
				this.bySize.set(after, keys);
			}
			keys.add(key);
			this.groupCount++;
		}
	}

	/** The group sizes present, largest first. */
	sizes(): number[] {
		return [...this.bySize.keys()].sort((a, b) => b - a);
	}

	/** How many keys are shared by exactly `size` documents. */
	countOfSize(size: number): number {
		return this.bySize.get(size)?.size ?? 0;
	}

	/** Keys shared by exactly `size` documents, in ascending order, positions `start` to `end` (exclusive). */
	keysOfSize(size: number, start: number, end: number): string[] {
		return this.bySize.get(size)?.slice(start, end) ?? [];
	}

	clear(): void {
		this.bySize.clear();
		this.groupCount = 0;
	}
}

/** A set of strings readable in ascending order; sorted lazily once, then kept sorted. */
class SortedKeys {
	private readonly members = new Set<string>();
	private sorted: string[] | null = null;

	get size(): number {
		return this.members.size;
	}

	add(key: string): void {
		if (this.members.has(key)) return;
		this.members.add(key);
		if (this.sorted) this.sorted.splice(lowerBound(this.sorted, key), 0, key);
	}

	delete(key: string): void {
		if (!this.members.delete(key)) return;
		if (this.sorted) this.sorted.splice(lowerBound(this.sorted, key), 1);
	}

	slice(start: number, end: number): string[] {
		this.sorted ??= [...this.members].sort(compareStrings);
		return this.sorted.slice(start, end);
	}
}

function compareStrings(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/** First position whose key is not below `key`. */
function lowerBound(sorted: string[], key: string): number {
	let low = 0;
	let high = sorted.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (sorted[middle] < key) low = middle + 1;
		else high = middle;
	}
	return low;
}
