/**
 * The case folding of JavaScript's `i` regex flag (without `u`): the spec's
 * Canonicalize maps each UTF-16 code unit to its upper case when that is a
 * single code unit, except that nothing outside ASCII folds into ASCII (so
 * the Kelvin sign stays apart from `k`, and `ſ` from `s`). Two strings match
 * case-insensitively exactly when their folded code units are equal, so an
 * index over folded text agrees with the regex for every character: final
 * and medial sigma meet at `Σ`, `µ` meets `μ`, while `ß`, `İ` and ligatures
 * only match themselves.
 */
let table: Uint16Array | undefined;

function foldTable(): Uint16Array {
	if (table) return table;
	table = new Uint16Array(0x10000);
	for (let unit = 0; unit < 0x10000; unit++) {
		const upper = String.fromCharCode(unit).toUpperCase();
		const folded = upper.length === 1 ? upper.charCodeAt(0) : unit;
		table[unit] = unit >= 128 && folded < 128 ? unit : folded;
	}
	return table;
}

/** The folded code unit of `text` at `index`. */
export function foldedCodeAt(text: string, index: number): number {
	return foldTable()[text.charCodeAt(index)];
}

/** `text` with every code unit folded. */
export function foldCase(text: string): string {
	const folds = foldTable();
	let out = '';
	for (let i = 0; i < text.length; i++) out += String.fromCharCode(folds[text.charCodeAt(i)]);
	return out;
}
