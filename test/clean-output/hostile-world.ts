// The hostile strings of the clean-output tests, planted into a simulator world, and helpers that
// read a line as a terminal shows it (display columns). The sets of characters checked here are
// written out on their own, not taken from source/text.ts, so a test can catch a gap there.
import stringWidth from 'string-width';
import type {World} from '../../source/sim/index.js';

/** Service names as planted, and as they must be shown (clean). None holds a '/' (ARNs split on it). */
export const hostileServices: Array<{name: string; shown: string; what: string}> = [
	{what: 'C1 8-bit CSI', name: 'csi\u009B2J\u009B31mred', shown: 'csired'},
	{what: 'C1 NEL and other C1', name: 'nel\u0085next\u0080\u009F', shown: 'nel next'},
	{what: 'DEL', name: 'del\u007Fete', shown: 'delete'},
	{what: 'ESC sequences (CSI, OSC title, OSC 8 link)', name: 'esc\u001B[2J\u001B]0;owned\u0007\u001B]8;;https:x\u0007link', shown: 'esclink'},
	{what: 'bidi override (RLO)', name: 'invoice\u202Efdp.exe', shown: 'invoicefdp.exe'},
	{what: 'bidi isolates, embeddings, marks', name: 'iso\u2066\u2067\u2068late\u2069\u202A\u202B\u202C\u202D\u200E\u200F\u061C', shown: 'isolate'},
	{what: 'zero-width and invisible', name: 'zw\u200Bsp\uFEFF\u2060\u00AD\u3164', shown: 'zwsp'},
	{what: 'tag characters (ASCII smuggling)', name: 'tag\u{E0069}\u{E0067}\u{E006E}\u{E006F}\u{E0072}\u{E0065}x', shown: 'tagx'},
	{what: 'CJK', name: 'サービス', shown: 'サービス'},
	{what: 'CJK, longer than the column', name: 'サービス名前がとても長いサービス名前がとても長い', shown: 'サービス名前がとても長いサービス名前がとても長い'},
	{what: 'Hangul', name: '한국어서비스', shown: '한국어서비스'},
	{what: 'emoji', name: 'rocket🚀', shown: 'rocket🚀'},
	{what: 'ZWJ sequence', name: 'dev👩‍💻ops', shown: 'dev👩‍💻ops'},
	{what: 'flag (regional indicators)', name: 'flag🇯🇵', shown: 'flag🇯🇵'},
	{what: 'combining mark', name: 'cafe\u0301', shown: 'cafe\u0301'},
];

/** An event message with every kind at once (ECS messages quote names, and StopTask reasons are free text). */
export const hostileMessage = '(service plain) \u009B2J\u0085next \u202Edesrever\u202C \u2066iso\u2069 \u200Bサービス 🚀 👩‍💻 e\u0301 \u007F\u001B[31mred\u001B[39m end';
export const hostileMessageShown = '(service plain)  next desrever iso サービス 🚀 👩‍💻 e\u0301 red end';
export const hostileReason = 'stopped \u202Eby\u202C \u009B31mサービス\u0085👩‍💻';
export const hostileReasonShown = 'stopped by サービス 👩‍💻';
export const hostileCluster = 'ops\u202Eprod\u0085サービス';

/**
 * What must never reach a terminal from the API: C0 controls except the frame's newlines, DEL, C1,
 * bidi controls, zero-width and invisible characters, tag characters.
 */
export const dangerous = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u00AD\u061C\u115F\u1160\u180E\u200B\u200E\u200F\u2028-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFEFF\uFFA0\uFFF9-\uFFFB]|\uDB40[\uDC00-\uDC7F]/u;

/** Fails with the spot when `text` holds a dangerous character (after removing `allowed`, e.g. Ink's styling). */
export function expectNoDangerous(text: string, allowed?: RegExp): void {
	const rest = allowed ? text.replace(allowed, '') : text;
	const bad = dangerous.exec(rest);
	if (bad) throw new Error(`U+${bad[0].codePointAt(0)!.toString(16).toUpperCase()} in ${JSON.stringify(rest.slice(Math.max(0, bad.index - 30), bad.index + 10))}`);
}

/** A cluster `hostile` with one Fargate service per hostile name, a plain one, and a cluster with a hostile name. */
export function plant(world: World) {
	const cluster = world.addCluster('hostile');
	const td = world.addTaskDefinition({family: 'app', cpu: 256, memory: 512, containerPort: 80});
	for (const {name} of hostileServices) world.addService(cluster, {name, taskDefinition: td, desiredCount: 1, launchType: 'FARGATE'});
	const plain = world.addService(cluster, {name: 'plain', taskDefinition: td, desiredCount: 1, launchType: 'FARGATE'});
	world.addCluster(hostileCluster);
	return {cluster, td, plain};
}

const graphemes = new Intl.Segmenter('en', {granularity: 'grapheme'});

/** A line as terminal cells: each grapheme in the column it starts in, '' for a wide one's second column. */
export function cells(line: string): string[] {
	const out: string[] = [];
	for (const {segment} of graphemes.segment(line)) {
		const width = stringWidth(segment);
		if (width === 0) {
			// A combining mark or joiner alone: drawn in the previous cell.
			if (out.length > 0) out[out.length - 1] += segment;
			else out.push(segment);
			continue;
		}
		out.push(segment, ...Array.from({length: width - 1}, () => ''));
	}
	return out;
}

/** The text of `line` from display column `column` on. */
export const fromColumn = (line: string, column: number) => cells(line).slice(column).join('');
/** The display column where `word` starts in a header line. */
export function columnOf(header: string, word: string): number {
	const at = cells(header).findIndex((_, i, all) => all.slice(i, i + word.length).join('') === word);
	if (at < 0) throw new Error(`no ${word} in ${JSON.stringify(header)}`);
	return at;
}
