// The table's text collation (Intl.Collator 'en', numeric, base sensitivity) without calling the
// collator: a 25,000-row sort makes ~375,000 comparisons, and the collator's compare was most of
// a sort's time (issue 25).
//
// It covers printable ASCII only (nearly every ECS value: IDs, names, statuses, IPs, AZs), where
// the collator at base strength compares character by character on one weight per character
// (no contractions or expansions, punctuation not ignored, a letter's case not seen) and compares a
// run of digits as the number it spells (leading zeros not seen). The character weights are read
// from the collator itself, not written down. Other text is left to the collator, as before.
//
// The collator is made, and its weights read, on the first sort, not when this module loads: the
// process's first collator sets up ICU's collation data (about 8 ms), and the first frame sorts
// nothing; the first rows come a round trip or more later.
let made: Intl.Collator | undefined;

/** Intl.Collator 'en', numeric, base sensitivity: made on first use. */
export function collator(): Intl.Collator {
	return (made ??= new Intl.Collator('en', {numeric: true, sensitivity: 'base'}));
}

const isDigit = (code: number) => code >= 0x30 && code <= 0x39;

/**
 * Per printable ASCII code: its weight. Letters weigh their lower case's code, the collator's
 * heaviest; every other character less, in the collator's order, with the digits' place taken by
 * one weight (`digitMark`) that a number weighs against a character that is not a digit.
 */
const weights = new Uint16Array(0x7f);
let digitMark = 0;

/** The weights from the collator; false when it does not order ASCII as assumed (then the collator does it all). */
function readWeights(): boolean {
	const chars: string[] = [];
	for (let code = 0x20; code <= 0x7e; code++) chars.push(String.fromCharCode(code));
	const {compare} = collator();
	chars.sort(compare);
	let next = 0x20;
	let digitsSeen = 0;
	let lastLetter = '';
	for (let i = 0; i < chars.length; i++) {
		const ch = chars[i]!;
		const code = ch.charCodeAt(0);
		const sameAsPrevious = i > 0 && compare(chars[i - 1]!, ch) === 0;
		if (/[a-z]/i.test(ch)) {
			// Alphabetical, a letter's two cases weighing the same.
			const lower = ch.toLowerCase();
			if (lower < lastLetter || (lower === lastLetter) !== sameAsPrevious) return false;
			weights[code] = lower.charCodeAt(0);
			lastLetter = lower;
			continue;
		}
		// Only letters of different case may weigh the same; the digits come together, 0 to 9; the letters come last.
		if (sameAsPrevious || lastLetter) return false;
		if (isDigit(code)) {
			if (code - 0x30 !== digitsSeen++) return false;
			if (code === 0x30) digitMark = next++;
			continue;
		}
		if (digitsSeen > 0 && digitsSeen < 10) return false;
		weights[code] = next++;
	}
	// 'a' must weigh more than the marks given out.
	return next <= 0x61 && compare('a', 'A') === 0 && compare('a01', 'a1') === 0 && compare('a9', 'a10') < 0;
}

let usable: boolean | undefined;

/** Does `compareCollated` cover this text (printable ASCII, no number over 200 digits)? Reads the weights the first time. */
export function collatable(text: string): boolean {
	usable ??= readWeights();
	// (The digit run is looked for only in long texts: at every position of every text it cost more than the sort.)
	return usable && !/[^\x20-\x7e]/.test(text) && (text.length <= 200 || !/\d{201}/.test(text));
}

/**
 * The collator's order of two `collatable` texts (its sign; 0 for texts it calls equal), from the
 * weights read off it: character by character, a run of digits as the number it spells (leading
 * zeros dropped: a shorter number is smaller, numbers of one length compare by their digits).
 * No allocation: a 25,000-row sort makes ~375,000 comparisons. Both texts were asked `collatable`
 * first, which read the weights.
 */
export function compareCollated(a: string, b: string): number {
	if (a === b) return 0;
	const na = a.length;
	const nb = b.length;
	let i = 0;
	let j = 0;
	while (i < na && j < nb) {
		const ca = a.charCodeAt(i);
		const cb = b.charCodeAt(j);
		const digitA = isDigit(ca);
		const digitB = isDigit(cb);
		if (!digitA || !digitB) {
			const wa = digitA ? digitMark : weights[ca]!;
			const wb = digitB ? digitMark : weights[cb]!;
			if (wa !== wb) return wa - wb;
			i++;
			j++;
			continue;
		}
		while (i < na && a.charCodeAt(i) === 0x30) i++;
		while (j < nb && b.charCodeAt(j) === 0x30) j++;
		let endA = i;
		while (endA < na && isDigit(a.charCodeAt(endA))) endA++;
		let endB = j;
		while (endB < nb && isDigit(b.charCodeAt(endB))) endB++;
		if (endA - i !== endB - j) return endA - i - (endB - j);
		for (; i < endA; i++, j++) {
			const d = a.charCodeAt(i) - b.charCodeAt(j);
			if (d !== 0) return d;
		}
	}
	return na - i - (nb - j);
}
