// Text onto lines of a given width: broken between words, and a word longer than a line broken
// with a marker (↩) at the end of each piece, so nothing is ever cut off silently.

export const wrapMarker = '↩';

const width = (s: string) => Array.from(s).length;

/** `text` as lines of at most `columns` characters; continuation lines start with `indent`. */
export function wrapText(text: string, columns: number, indent = ''): string[] {
	const room = Math.max(2, columns);
	const lines: string[] = [];
	// Leading spaces are kept (an indented continuation of a list), the rest split into words.
	const lead = /^ */.exec(text)![0];
	let line = lead;
	text = text.slice(lead.length);
	const push = () => {
		lines.push(line);
		line = indent;
	};
	for (const word of text.split(' ')) {
		const sep = line === '' || line === indent || line === lead ? '' : ' ';
		if (width(line) + sep.length + width(word) <= room) {
			line += sep + word;
			continue;
		}
		if (line !== '' && line !== indent && line !== lead) push();
		let rest = Array.from(word);
		// A word that does not fit on a line of its own: pieces, each ending in the marker.
		while (width(line) + rest.length > room) {
			const take = Math.max(1, room - width(line) - 1);
			line += rest.slice(0, take).join('') + wrapMarker;
			rest = rest.slice(take);
			push();
		}
		line += rest.join('');
	}
	if (line.trim() !== '') lines.push(line);
	return lines.length > 0 ? lines : [''];
}

/** One line cut to `columns`, with '…' where it was cut. */
export function cutLine(text: string, columns: number): string {
	const chars = Array.from(text);
	if (chars.length <= columns) return text;
	return `${chars.slice(0, Math.max(0, columns - 1)).join('')}…`;
}
