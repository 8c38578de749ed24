// The README screenshot's ANSI → SVG converter: styles become fills, inverse swaps them, cells
// keep their columns, and text is escaped for XML.
import {describe, expect, it} from 'vitest';
import {ansiToSvg, parseAnsi} from '../../scripts/screenshot.js';

describe('ansi → svg', () => {
	it('splits a line into runs of one style', () => {
		const [line] = parseAnsi('a\u001B[31mred\u001B[39m \u001B[1;7mB\u001B[22;27m\u001B[2J<&>');
		expect(line!.map(r => r.text)).toEqual(['a', 'red', ' ', 'B', '<&>']);
		expect(line![1]!.style.fg).toBe('#f0645a');
		expect(line![3]!.style).toMatchObject({bold: true, inverse: true});
		expect(line![4]!.style).toMatchObject({bold: false, inverse: false});
	});

	it('draws spans at their cell positions, inverse as a filled box, XML-safe', () => {
		const svg = ansiToSvg('ab\u001B[7mC\u001B[27m<d>\nline 2', {columns: 10, rows: 2, fontSize: 10});
		expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
		expect(svg).toContain('<text x="16.0" y="55" fill="#d6dbe1" textLength="12.0" lengthAdjust="spacingAndGlyphs">ab</text>');
		expect(svg).toContain('<rect x="28.0" y="44" width="6.0" height="14" fill="#d6dbe1"/>');
		expect(svg).toContain('fill="#0f1419" textLength="6.0" lengthAdjust="spacingAndGlyphs">C</text>');
		expect(svg).toContain('>&lt;d&gt;</text>');
		expect(svg).toContain('>line 2</text>');
		expect(svg.trim().endsWith('</svg>')).toBe(true);
	});
});
