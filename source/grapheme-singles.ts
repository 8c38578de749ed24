// Characters outside ASCII that are always a grapheme of their own next to printable ASCII and
// next to each other, with the columns string-width gives each: Latin, Greek and Cyrillic
// letters and signs, general punctuation (`…`, `·`, `–`), arrows, box drawing, geometric shapes,
// symbols and dingbats, CJK ideographs and punctuation, kana, Hangul syllables, full- and
// halfwidth forms. Left out: combining marks and joiners (they extend the grapheme before them),
// zero-width and format characters, Hangul jamo, variation selectors, everything outside the
// Basic Multilingual Plane, and whatever else fails the check in
// test/clean-output/grapheme-singles.test.ts, which holds every character listed here to
// Intl.Segmenter and string-width.
//
// Why: a stretch of text made only of these (and ASCII) is measured by counting (text.ts,
// regionWidth), without segmenting it or asking string-width, whose first call outside ASCII
// compiles its emoji and mark patterns (about 16 ms). The app's own glyphs are all here, so its
// first frame pays none of that.

/** One column each. */
export const narrowSingles =
	'\\u00A0-\\u00AC\\u00AE-\\u02FF\\u0370-\\u0482\\u048A-\\u052F\\u2000-\\u200A\\u2010-\\u2029\\u202F-\\u205F\\u2070-\\u20CF\\u20F1-\\u2319\\u231C-\\u2328\\u232B-\\u23E8' +
	'\\u23ED-\\u23EF\\u23F1-\\u23F2\\u23F4-\\u25FC\\u25FF-\\u2613\\u2616-\\u262F\\u2638-\\u2647\\u2654-\\u267E\\u2680-\\u2689\\u2690-\\u2692\\u2694-\\u26A0\\u26A2-\\u26A9' +
	'\\u26AC-\\u26BC\\u26BF-\\u26C3\\u26C6-\\u26CD\\u26CF-\\u26D3\\u26D5-\\u26E9\\u26EB-\\u26F1\\u26F4\\u26F6-\\u26F9\\u26FB-\\u26FC\\u26FE-\\u2704\\u2706-\\u2709' +
	'\\u270C-\\u2727\\u2729-\\u274B\\u274D\\u274F-\\u2752\\u2756\\u2758-\\u2794\\u2798-\\u27AF\\u27B1-\\u27BE\\u27C0-\\u2B1A\\u2B1D-\\u2B4F\\u2B51-\\u2B54\\u2B56-\\u2BFF' +
	'\\u303F-\\u3040\\u3097-\\u3098\\uFF61-\\uFF9D\\uFFA1-\\uFFDC';

/** Two columns each: East Asian wide and fullwidth characters, and emoji drawn wide by default (⌚, ✅). */
export const wideSingles =
	'\\u231A-\\u231B\\u2329-\\u232A\\u23E9-\\u23EC\\u23F0\\u23F3\\u25FD-\\u25FE\\u2614-\\u2615\\u2630-\\u2637\\u2648-\\u2653\\u267F\\u268A-\\u268F\\u2693\\u26A1' +
	'\\u26AA-\\u26AB\\u26BD-\\u26BE\\u26C4-\\u26C5\\u26CE\\u26D4\\u26EA\\u26F2-\\u26F3\\u26F5\\u26FA\\u26FD\\u2705\\u270A-\\u270B\\u2728\\u274C\\u274E\\u2753-\\u2755' +
	'\\u2757\\u2795-\\u2797\\u27B0\\u27BF\\u2B1B-\\u2B1C\\u2B50\\u2B55\\u3000-\\u3029\\u3030-\\u303E\\u3041-\\u3096\\u309B-\\u30FF\\u3400-\\u4DBF\\u4E00-\\u9FFF' +
	'\\uAC00-\\uD7A3\\uFF01-\\uFF60';
