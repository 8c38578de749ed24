// A sort key for the table's text collation (Intl.Collator 'en', numeric, base sensitivity) that
// orders with plain `<`: a 25,000-row sort calls its comparator ~375,000 times, and the collator's
// compare was most of a sort key's time (issue 25). The key is built once per cell instead.
//
// It covers printable ASCII only (nearly every ECS value: IDs, names, statuses, IPs, AZs), where
// the collator at base strength compares character by character on one weight per character
// (no contractions or expansions, punctuation not ignored, a letter's case not seen) and compares a
// run of digits as the number it spells (leading zeros not seen). The character weights are read
// from the collator itself when this module loads, not written down. Other text gets no key: the
// caller compares it with the collator, as before.
export const collator = new Intl.Collator('en', {numeric: true, sensitivity: 'base'});

const printable = (code: number) => code >= 0x20 && code <= 0x7e;
const isDigit = (code: number) => code >= 0x30 && code <= 0x39;

/**
 * Per printable ASCII code: its weight as one character of a key. Letters stay (lower-cased) at
 * 'a'..'z', the collator's heaviest; every other character weighs less, in the collator's order,
 * with the digits' place taken by one marker (`digitMark`) that starts a number.
 */
const weights: string[] = [];
let digitMark = '';

/** The weights from the collator; false when it does not order ASCII as assumed (then no keys). */
function readWeights(): boolean {
	const chars: string[] = [];
	for (let code = 0x20; code <= 0x7e; code++) chars.push(String.fromCharCode(code));
	chars.sort(collator.compare);
	let next = 0x20;
	let digitsSeen = 0;
	let lastLetter = '';
	for (let i = 0; i < chars.length; i++) {
		const ch = chars[i]!;
		const code = ch.charCodeAt(0);
		const sameAsPrevious = i > 0 && collator.compare(chars[i - 1]!, ch) === 0;
		if (/[a-z]/i.test(ch)) {
			// Alphabetical, a letter's two cases weighing the same.
			const lower = ch.toLowerCase();
			if (lower < lastLetter || (lower === lastLetter) !== sameAsPrevious) return false;
			weights[code] = lastLetter = lower;
			continue;
		}
		// Only letters of different case may weigh the same; the digits come together, 0 to 9; the letters come last.
		if (sameAsPrevious || lastLetter) return false;
		if (isDigit(code)) {
			if (code - 0x30 !== digitsSeen++) return false;
			if (code === 0x30) digitMark = String.fromCharCode(next++);
			continue;
		}
		if (digitsSeen > 0 && digitsSeen < 10) return false;
		weights[code] = String.fromCharCode(next++);
	}
	// 'a' must weigh more than the marks given out.
	return next <= 0x61 && collator.compare('a', 'A') === 0 && collator.compare('a01', 'a1') === 0 && collator.compare('a9', 'a10') < 0;
}

const usable = readWeights();

/**
 * A string whose code-unit order (`<`) is the collator's order of the texts: equal keys for texts
 * it calls equal. Undefined for text it does not cover (outside printable ASCII, or a number over
 * 200 digits). A number is the mark, its length (leading zeros dropped) as one character, then its
 * digits: a shorter number sorts first, numbers of one length by their digits.
 */
export function collationKey(text: string): string | undefined {
	if (!usable) return undefined;
	let key = '';
	const n = text.length;
	for (let i = 0; i < n; i++) {
		const code = text.charCodeAt(i);
		if (!printable(code)) return undefined;
		if (!isDigit(code)) {
			key += weights[code]!;
			continue;
		}
		let start = i;
		while (start < n && text.charCodeAt(start) === 0x30) start++;
		let end = start;
		while (end < n && isDigit(text.charCodeAt(end))) end++;
		if (end - start > 200) return undefined;
		key += digitMark + String.fromCharCode(0x30 + end - start) + text.slice(start, end);
		i = end - 1;
	}
	return key;
}
