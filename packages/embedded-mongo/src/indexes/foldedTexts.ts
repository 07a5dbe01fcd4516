import { Bitset } from './bitset';

const INITIAL_ARENA = 1 << 16;
const NONE = -1;

/**
 * The case-folded text of every document of a substring index, packed in
 * one typed array in slot order (one byte per code unit while every code
 * unit is below 256, two after). Verifying thousands of candidates then
 * reads memory in order instead of chasing one string object per document,
 * which is what makes checking a broad literal cheap. A document's values
 * are joined by a NUL; the rare value that itself holds a NUL is kept aside
 * as strings.
 */
export class FoldedTexts {
	private arena: Uint8Array | Uint16Array = new Uint8Array(INITIAL_ARENA);
	private used = 0;
	private garbage = 0;
	private starts = new Int32Array(0);
	private lengths = new Int32Array(0);
	private readonly aside = new Map<number, string[]>();

	get byteLength(): number {
		return this.arena.byteLength + this.starts.byteLength + this.lengths.byteLength;
	}

	/** Stores the folded values of `slot` (replacing what it had). */
	set(slot: number, values: string[]): void {
		this.delete(slot);
		if (values.some((value) => value.includes('\u0000'))) {
			this.aside.set(slot, values);
			return;
		}
		const joined = values.join('\u0000');
		this.ensureSlot(slot);
		this.ensureRoom(joined);
		const start = this.used;
		for (let i = 0; i < joined.length; i++) this.arena[start + i] = joined.charCodeAt(i);
		this.used += joined.length;
		this.starts[slot] = start;
		this.lengths[slot] = joined.length;
	}

	delete(slot: number): void {
		if (this.aside.delete(slot) || slot >= this.lengths.length || this.lengths[slot] === NONE) return;
		this.garbage += this.lengths[slot];
		this.lengths[slot] = NONE;
		if (this.garbage > INITIAL_ARENA && this.garbage > this.used / 2) this.compact();
	}

	/** Calls `fn` with each stored value of `slot`. */
	forEachValue(slot: number, fn: (value: string) => void): void {
		const aside = this.aside.get(slot);
		if (aside) {
			aside.forEach(fn);
			return;
		}
		if (slot >= this.lengths.length || this.lengths[slot] === NONE) return;
		const start = this.starts[slot];
		const text = decode(this.arena.subarray(start, start + this.lengths[slot]));
		for (const value of text.split('\u0000')) fn(value);
	}

	/** The candidates whose text contains `literal` (no NUL in it), as a new set: one tight loop over the arena. */
	containing(candidates: Bitset, literal: Uint16Array, capacity: number): Bitset {
		const result = new Bitset(capacity);
		const { arena, starts, lengths } = this;
		const words = candidates.rawWords;
		const first = literal[0];
		const size = literal.length;
		for (let word = 0; word < words.length; word++) {
			let bits = words[word] | 0;
			while (bits !== 0) {
				const low = bits & -bits;
				bits ^= low;
				const slot = (word << 5) + 31 - Math.clz32(low);
				if (slot >= lengths.length) continue;
				const length = lengths[slot];
				if (length === NONE) {
					if (this.aside.size && this.contains(slot, literal)) result.add(slot);
					continue;
				}
				const start = starts[slot];
				const last = start + length - size;
				for (let at = start; at <= last; at++) {
					if (arena[at] !== first) continue;
					let matched = 1;
					while (matched < size && arena[at + matched] === literal[matched]) matched++;
					if (matched === size) {
						result.add(slot);
						break;
					}
				}
			}
		}
		return result;
	}

	/** Whether a value of `slot` contains `literal` (folded code units; a literal with a NUL only for slots kept aside). */
	contains(slot: number, literal: Uint16Array): boolean {
		const aside = this.aside.size ? this.aside.get(slot) : undefined;
		if (aside) return aside.some((value) => value.includes(String.fromCharCode(...literal)));
		if (slot >= this.lengths.length || this.lengths[slot] === NONE) return false;
		const { arena } = this;
		const first = literal[0];
		const size = literal.length;
		const start = this.starts[slot];
		const last = start + this.lengths[slot] - size;
		for (let at = start; at <= last; at++) {
			if (arena[at] !== first) continue;
			let matched = 1;
			while (matched < size && arena[at + matched] === literal[matched]) matched++;
			if (matched === size) return true;
		}
		return false;
	}

	/** Slots with a stored text, ascending. */
	*slots(): Iterable<number> {
		const { lengths } = this;
		for (let slot = 0; slot < lengths.length; slot++) if (lengths[slot] !== NONE) yield slot;
		yield* [...this.aside.keys()].sort((a, b) => a - b);
	}

	/** Slots whose values were kept aside (they hold a NUL): the only ones a literal with a NUL can be in. */
	asideSlots(): number[] {
		return [...this.aside.keys()].sort((a, b) => a - b);
	}

	clear(): void {
		this.arena = new Uint8Array(INITIAL_ARENA);
		this.used = 0;
		this.garbage = 0;
		this.starts = new Int32Array(0);
		this.lengths = new Int32Array(0);
		this.aside.clear();
	}

	private ensureSlot(slot: number): void {
		if (slot < this.lengths.length) return;
		const size = Math.max(slot + 1, Math.ceil(this.lengths.length * 1.5), 1024);
		const starts = new Int32Array(size);
		starts.set(this.starts);
		const lengths = new Int32Array(size).fill(NONE);
		lengths.set(this.lengths);
		this.starts = starts;
		this.lengths = lengths;
	}

	private ensureRoom(text: string): void {
		let wide = this.arena instanceof Uint16Array;
		if (!wide) {
			for (let i = 0; i < text.length; i++) {
				if (text.charCodeAt(i) > 0xff) {
					wide = true;
					break;
				}
			}
		}
		const needed = this.used + text.length;
		if (!wide && needed <= this.arena.length) return;
		if (wide && this.arena instanceof Uint16Array && needed <= this.arena.length) return;
		const size = Math.max(needed, Math.ceil(this.arena.length * 1.5));
		const grown = wide ? new Uint16Array(size) : new Uint8Array(size);
		grown.set(this.arena.subarray(0, this.used));
		this.arena = grown;
	}

	/** Rewrites the arena without the texts of removed or replaced documents, in slot order. */
	private compact(): void {
		const old = this.arena;
		const packed = old instanceof Uint16Array ? new Uint16Array(Math.max(INITIAL_ARENA, this.used - this.garbage)) : new Uint8Array(Math.max(INITIAL_ARENA, this.used - this.garbage));
		let used = 0;
		for (let slot = 0; slot < this.lengths.length; slot++) {
			const length = this.lengths[slot];
			if (length === NONE) continue;
			packed.set(old.subarray(this.starts[slot], this.starts[slot] + length), used);
			this.starts[slot] = used;
			used += length;
		}
		this.arena = packed;
		this.used = used;
		this.garbage = 0;
	}
}

function decode(units: Uint8Array | Uint16Array): string {
	let text = '';
	for (let start = 0; start < units.length; start += 4_096) text += String.fromCharCode(...units.subarray(start, start + 4_096));
	return text;
}
