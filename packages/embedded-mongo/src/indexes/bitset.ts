/**
 * A set of slots as one bit per slot (4 bytes per 32 slots): the form for
 * large slot sets — hot index keys such as `unknown: false`, common trigrams,
 * the matches of a broad search — where it is far smaller than a list and
 * where intersection, union and counting run a word at a time.
 */
export class Bitset {
	private words: Uint32Array;
	private population = 0;

	constructor(capacity = 0) {
		this.words = new Uint32Array(Math.max(1, Math.ceil(capacity / 32)));
	}

	static from(slots: Iterable<number>, capacity = 0): Bitset {
		const set = new Bitset(capacity);
		for (const slot of slots) set.add(slot);
		return set;
	}

	get size(): number {
		return this.population;
	}

	has(slot: number): boolean {
		const word = slot >>> 5;
		return word < this.words.length && (this.words[word] & (1 << (slot & 31))) !== 0;
	}

	/** Adds `slot`; returns whether it was new. */
	add(slot: number): boolean {
		const word = slot >>> 5;
		if (word >= this.words.length) this.grow(word + 1);
		const bit = 1 << (slot & 31);
		if (this.words[word] & bit) return false;
		this.words[word] |= bit;
		this.population++;
		return true;
	}

	/** Removes `slot`; returns whether it was there. */
	delete(slot: number): boolean {
		if (!this.has(slot)) return false;
		this.words[slot >>> 5] &= ~(1 << (slot & 31));
		this.population--;
		return true;
	}

	clone(): Bitset {
		const copy = new Bitset(0);
		copy.words = this.words.slice();
		copy.population = this.population;
		return copy;
	}

	/** Keeps only the slots also in `other`. */
	and(other: Bitset): this {
		const { words } = this;
		const theirs = other.words;
		let population = 0;
		for (let i = 0; i < words.length; i++) {
			const word = i < theirs.length ? words[i] & theirs[i] : 0;
			words[i] = word;
			population += popcount(word);
		}
		this.population = population;
		return this;
	}

	/** Adds every slot of `other`. */
	or(other: Bitset): this {
		if (other.words.length > this.words.length) this.grow(other.words.length);
		const { words } = this;
		const theirs = other.words;
		let population = 0;
		for (let i = 0; i < words.length; i++) {
			const word = i < theirs.length ? words[i] | theirs[i] : words[i];
			words[i] = word;
			population += popcount(word);
		}
		this.population = population;
		return this;
	}

	/** Removes every slot of `other`. */
	andNot(other: Bitset): this {
		const { words } = this;
		const theirs = other.words;
		let population = 0;
		for (let i = 0; i < words.length; i++) {
			const word = i < theirs.length ? words[i] & ~theirs[i] : words[i];
			words[i] = word;
			population += popcount(word);
		}
		this.population = population;
		return this;
	}

	/** Calls `fn` for each slot in ascending order until it returns false. */
	forEach(fn: (slot: number) => boolean | void): void {
		const { words } = this;
		for (let i = 0; i < words.length; i++) {
			let word = words[i] | 0;
			while (word !== 0) {
				const low = word & -word;
				if (fn((i << 5) + 31 - Math.clz32(low)) === false) return;
				word ^= low;
			}
		}
	}

	*[Symbol.iterator](): Iterator<number> {
		const { words } = this;
		for (let i = 0; i < words.length; i++) {
			let word = words[i] | 0;
			while (word !== 0) {
				const low = word & -word;
				yield (i << 5) + 31 - Math.clz32(low);
				word ^= low;
			}
		}
	}

	toArray(): number[] {
		const slots: number[] = [];
		this.forEach((slot) => {
			slots.push(slot);
		});
		return slots;
	}

	/** The raw words (bit `i` of word `w` is slot `32w + i`), for loops that must not call a function per slot. */
	get rawWords(): Uint32Array {
		return this.words;
	}

	/** Bytes held, for memory reports. */
	get byteLength(): number {
		return this.words.byteLength;
	}

	private grow(minimumWords: number): void {
		const grown = new Uint32Array(Math.max(minimumWords, Math.ceil(this.words.length * 1.5)));
		grown.set(this.words);
		this.words = grown;
	}
}

function popcount(word: number): number {
	let bits = word - ((word >>> 1) & 0x55555555);
	bits = (bits & 0x33333333) + ((bits >>> 2) & 0x33333333);
	return (((bits + (bits >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
