/**
 * The case folding of JavaScript's `i` regex flag (without `u`): the spec's
 * Canonicalize maps each UTF-16 code unit to its upper case when that is a
 * single code unit, except that nothing outside ASCII folds into ASCII (so
 * the Kelvin sign stays apart from `k`, and `ſ` from `s`). Two strings match
 * case-insensitively exactly when their canonical code units are equal, so an
 * index over folded text agrees with the regex for every character: final
 * and medial sigma meet, `µ` meets `μ`, while `ß`, `İ` and ligatures only
 * match themselves.
 *
 * Each class of equivalent code units is represented by its lower-case
 * member where it has one (`a` for `a`/`A`, `σ` for `Σ`/`σ`/`ς`), so that
 * text already in lower case — most emails, every phone number — folds to
 * itself and the index can keep the stored string instead of a copy.
 */
let table: Uint16Array | undefined;

function canonicalize(unit: number): number {
	const upper = String.fromCharCode(unit).toUpperCase();
	const canonical = upper.length === 1 ? upper.charCodeAt(0) : unit;
	return unit >= 128 && canonical < 128 ? unit : canonical;
}

function foldTable(): Uint16Array {
	if (table) return table;
	table = new Uint16Array(0x10000);
	for (let unit = 0; unit < 0x10000; unit++) {
		const canonical = canonicalize(unit);
		const lower = String.fromCharCode(canonical).toLowerCase();
		const representative = lower.length === 1 && canonicalize(lower.charCodeAt(0)) === canonical ? lower.charCodeAt(0) : canonical;
		table[unit] = representative;
	}
	return table;
}

/** The folded code unit of `text` at `index`. */
export function foldedCodeAt(text: string, index: number): number {
	return foldTable()[text.charCodeAt(index)];
}

/** `text` with every code unit folded; `text` itself when nothing changes. */
export function foldCase(text: string): string {
	const folds = foldTable();
	let i = 0;
	while (i < text.length && folds[text.charCodeAt(i)] === text.charCodeAt(i)) i++;
	if (i === text.length) return text;
	const units = new Array<number>(text.length);
	for (let j = 0; j < text.length; j++) units[j] = folds[text.charCodeAt(j)];
	let out = '';
	for (let start = 0; start < units.length; start += 4_096) out += String.fromCharCode(...units.slice(start, start + 4_096));
	return out;
}
