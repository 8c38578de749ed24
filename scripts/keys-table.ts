// Prints README's key table from source/keymap.ts; `--write` replaces the table between the
// <!-- keys:start --> and <!-- keys:end --> markers in README.md.
// Usage: node --import tsx scripts/keys-table.ts [--write]
import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {keysTableMarkdown} from '../source/keymap.js';

const start = '<!-- keys:start -->';
const end = '<!-- keys:end -->';

/** README text with the generated table between the markers. */
export function withKeysTable(readme: string, table = keysTableMarkdown()): string {
	const a = readme.indexOf(start);
	const b = readme.indexOf(end);
	if (a < 0 || b < a) throw new Error('README.md has no keys:start/keys:end markers');
	return `${readme.slice(0, a + start.length)}\n${table}\n${readme.slice(b)}`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
	if (process.argv.includes('--write')) {
		const file = path.join(import.meta.dirname, '..', 'README.md');
		writeFileSync(file, withKeysTable(readFileSync(file, 'utf8')));
	} else {
		process.stdout.write(`${keysTableMarkdown()}\n`);
	}
}
