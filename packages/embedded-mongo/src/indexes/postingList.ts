/** A sorted, growable list of distinct slots in a typed array (4 bytes per slot). */
export class PostingList {
	private data = new Int32Array(2);
	length = 0;

	get byteLength(): number {
		return this.data.byteLength;
	}

	/** Adds `slot`; returns whether it was new. Appending (the usual case: new slots are the highest) is O(1). */
	add(slot: number): boolean {
		const { length } = this;
		const position = length > 0 && this.data[length - 1] < slot ? length : this.search(slot);
		if (position < length && this.data[position] === slot) return false;
		if (length === this.data.length) {
			const grown = new Int32Array(Math.max(4, Math.ceil(length * 1.5)));
			grown.set(this.data);
			this.data = grown;
		}
		if (position < length) this.data.copyWithin(position + 1, position, length);
		this.data[position] = slot;
		this.length++;
		return true;
	}

	/** Removes `slot`; returns whether it was there. */
	delete(slot: number): boolean {
		const position = this.search(slot);
		if (position >= this.length || this.data[position] !== slot) return false;
		this.data.copyWithin(position, position + 1, this.length);
		this.length--;
		return true;
	}

	has(slot: number): boolean {
		const position = this.search(slot);
		return position < this.length && this.data[position] === slot;
	}

	slots(): Int32Array {
		return this.data.subarray(0, this.length);
	}

	trim(): void {
		if (this.data.length > this.length) this.data = this.data.slice(0, Math.max(1, this.length));
	}

	/** The first position whose slot is ≥ `slot`. */
	private search(slot: number): number {
		let low = 0;
		let high = this.length;
		while (low < high) {
			const middle = (low + high) >>> 1;
			if (this.data[middle] < slot) low = middle + 1;
			else high = middle;
		}
		return low;
	}
}
