// `node --import tsx scripts/screenshot.ts`: renders a real frame of the app on the demo world
// and writes it to media/screenshot.svg for README. The simulator runs in this process on a
// stepped clock (advanced a minute, so the crash loop, the failed rollout and the rolling
// deployment are all visible), the real SDK and data layer read it over HTTP, and <App> renders
// into a fake 120x36 terminal with colour forced on; the ANSI frame becomes an SVG: one monospace
// <text> span per run of equally styled characters, each stretched to its exact cell width
// (textLength) so the columns line up in whatever monospace font the viewer has.
// Options: --out FILE, --columns N, --rows N, --keys "…" (typed into the app before the shot).
import {EventEmitter} from 'node:events';
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';

export interface SvgOptions {
	columns: number;
	rows: number;
	fontSize?: number;
	title?: string;
}

interface Style {
	fg?: string;
	bg?: string;
	bold?: boolean;
	dim?: boolean;
	inverse?: boolean;
}

const background = '#0f1419';
const foreground = '#d6dbe1';
const palette = ['#3b4252', '#f0645a', '#5fd38d', '#f2c94c', '#5aa9f0', '#c792ea', '#4fd1d9', '#e6e6e6'];
const bright = ['#6b7280', '#ff8279', '#7ee2a8', '#ffd866', '#82c0ff', '#dcb0ff', '#7fe7ee', '#ffffff'];

function color256(n: number): string {
	if (n < 8) return palette[n]!;
	if (n < 16) return bright[n - 8]!;
	if (n >= 232) {
		const v = 8 + (n - 232) * 10;
		return rgb(v, v, v);
	}
	const i = n - 16;
	const level = (x: number) => (x === 0 ? 0 : 55 + x * 40);
	return rgb(level(Math.floor(i / 36)), level(Math.floor(i / 6) % 6), level(i % 6));
}

function rgb(r: number, g: number, b: number): string {
	return `#${[r, g, b].map(v => v.toString(16).padStart(2, '0')).join('')}`;
}

function applySgr(style: Style, codes: number[]): Style {
	const next = {...style};
	for (let i = 0; i < codes.length; i++) {
		const c = codes[i]!;
		if (c === 0) Object.assign(next, {fg: undefined, bg: undefined, bold: false, dim: false, inverse: false});
		else if (c === 1) next.bold = true;
		else if (c === 2) next.dim = true;
		else if (c === 22) next.bold = next.dim = false;
		else if (c === 7) next.inverse = true;
		else if (c === 27) next.inverse = false;
		else if (c >= 30 && c <= 37) next.fg = palette[c - 30];
		else if (c >= 90 && c <= 97) next.fg = bright[c - 90];
		else if (c === 39) next.fg = undefined;
		else if (c >= 40 && c <= 47) next.bg = palette[c - 40];
		else if (c >= 100 && c <= 107) next.bg = bright[c - 100];
		else if (c === 49) next.bg = undefined;
		else if ((c === 38 || c === 48) && codes[i + 1] === 5) {
			next[c === 38 ? 'fg' : 'bg'] = color256(codes[i + 2] ?? 0);
			i += 2;
		} else if ((c === 38 || c === 48) && codes[i + 1] === 2) {
			next[c === 38 ? 'fg' : 'bg'] = rgb(codes[i + 2] ?? 0, codes[i + 3] ?? 0, codes[i + 4] ?? 0);
			i += 4;
		}
	}
	return next;
}

interface Run {
	text: string;
	style: Style;
}

/** A frame's lines as runs of equally styled characters (other escape sequences are dropped). */
export function parseAnsi(frame: string): Run[][] {
	let style: Style = {};
	return frame.split('\n').map(line => {
		const runs: Run[] = [];
		const push = (text: string) => {
			const last = runs.at(-1);
			if (last && sameStyle(last.style, style)) last.text += text;
			else if (text) runs.push({text, style});
		};
		const pattern = /\u001B\[([0-9;]*)([A-Za-z])|\u001B\][^\u0007]*\u0007/g;
		let at = 0;
		for (const m of line.matchAll(pattern)) {
			push(line.slice(at, m.index));
			at = m.index + m[0].length;
			if (m[2] === 'm') style = applySgr(style, (m[1] || '0').split(';').map(Number));
		}
		push(line.slice(at));
		return runs;
	});
}

function sameStyle(a: Style, b: Style): boolean {
	return a.fg === b.fg && a.bg === b.bg && !a.bold === !b.bold && !a.dim === !b.dim && !a.inverse === !b.inverse;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function ansiToSvg(frame: string, options: SvgOptions): string {
	const fontSize = options.fontSize ?? 14;
	const cell = fontSize * 0.6;
	const lineHeight = Math.round(fontSize * 1.35);
	const pad = 16;
	const bar = 28;
	const width = Math.ceil(options.columns * cell + pad * 2);
	const height = options.rows * lineHeight + pad * 2 + bar;
	const out: string[] = [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(options.title ?? 'terminal')}">`,
		`<rect width="100%" height="100%" rx="8" fill="${background}"/>`,
		...['#ff5f56', '#ffbd2e', '#27c93f'].map((c, i) => `<circle cx="${pad + 6 + i * 20}" cy="${pad + 2}" r="6" fill="${c}"/>`),
		options.title ? `<text x="${width / 2}" y="${pad + 7}" fill="#8b949e" font-family="sans-serif" font-size="12" text-anchor="middle">${escapeXml(options.title)}</text>` : '',
		`<g font-family="ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', monospace" font-size="${fontSize}" xml:space="preserve">`,
	];
	parseAnsi(frame)
		.slice(0, options.rows)
		.forEach((runs, row) => {
			const y = pad + bar + row * lineHeight;
			let column = 0;
			for (const run of runs) {
				const chars = Array.from(run.text);
				const x = pad + column * cell;
				const w = chars.length * cell;
				let fg = run.style.fg ?? foreground;
				let bg = run.style.bg;
				if (run.style.inverse) [fg, bg] = [bg ?? background, fg];
				if (bg) out.push(`<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${lineHeight}" fill="${bg}"/>`);
				if (run.text.trim()) {
					const attrs = [`x="${x.toFixed(1)}"`, `y="${y + Math.round(lineHeight * 0.75)}"`, `fill="${fg}"`, `textLength="${w.toFixed(1)}"`, 'lengthAdjust="spacingAndGlyphs"'];
					if (run.style.bold) attrs.push('font-weight="bold"');
					if (run.style.dim) attrs.push('fill-opacity="0.6"');
					out.push(`<text ${attrs.join(' ')}>${escapeXml(run.text)}</text>`);
				}
				column += chars.length;
			}
		});
	out.push('</g>', '</svg>');
	return `${out.filter(Boolean).join('\n')}\n`;
}

class FakeStdout extends EventEmitter {
	frame = '';
	constructor(
		readonly columns: number,
		readonly rows: number,
	) {
		super();
	}

	write = (chunk: string) => {
		this.frame = chunk;
		return true;
	};
}

/** What Ink reads keys from: 'readable' then read(), as a TTY in raw mode would give them. */
class FakeStdin extends EventEmitter {
	readonly isTTY = true;
	#data: string | null = null;
	setRawMode() {}
	setEncoding() {}
	ref() {}
	unref() {}
	resume() {}
	pause() {}
	read = () => {
		const data = this.#data;
		this.#data = null;
		return data;
	};

	type(text: string) {
		this.#data = text;
		this.emit('readable');
	}
}

const pause = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

async function waitFor(check: () => boolean, what: string, ms = 10_000): Promise<void> {
	const until = Date.now() + ms;
	while (!check()) {
		if (Date.now() > until) throw new Error(`screenshot: timed out waiting for ${what}`);
		await pause(20);
	}
}

function option(name: string, fallback: string): string {
	const at = process.argv.indexOf(`--${name}`);
	return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}

async function main(): Promise<void> {
	const columns = Number(option('columns', '120'));
	const rows = Number(option('rows', '36'));
	const out = option('out', path.join(import.meta.dirname, '..', 'media', 'screenshot.svg'));
	// Ink's colour support is decided when chalk loads: force it before anything imports Ink.
	process.env.FORCE_COLOR = '3';
	delete process.env.NO_COLOR;
	const [{render}, {createElement}, {startSim}, {createEcsApi}, {RateLimiter}, {createDataLayer}, {App}, {adapterFor}] = await Promise.all([
		import('ink'),
		import('react'),
		import('../source/sim/index.js'),
		import('../source/aws/client.js'),
		import('../source/aws/limiter.js'),
		import('../source/store/index.js'),
		import('../source/app.js'),
		import('../source/resources/index.js'),
	]);
	const sim = await startSim({clock: 'manual', throttle: false, seed: 1});
	sim.advance(60);
	const api = createEcsApi({endpointUrl: sim.url, region: sim.region, credentials: {accessKeyId: 'demo', secretAccessKey: 'demo'}, readOnly: false, limiter: new RateLimiter()});
	const now = () => sim.clock.now();
	const {store, poller} = createDataLayer({api, adapters: adapterFor, refreshSeconds: 2, now});
	const stdout = new FakeStdout(columns, rows);
	const stdin = new FakeStdin();
	const app = render(createElement(App, {store, poller, api, now, cluster: 'staging', columns, rows, color: true, env: {region: sim.region}}), {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
		debug: true,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	try {
		const plain = () => stdout.frame.replace(/\u001B\[[0-9;]*m/g, '');
		await waitFor(() => /payments/.test(plain()), 'the staging services');
		for (const key of Array.from(option('keys', ':tasks\rz!'))) {
			stdin.type(key);
			await pause(30);
		}
		await waitFor(() => /EssentialContainerExited/.test(plain()), 'stopped tasks');
		// A refresh or two so the header's age and every row settle.
		await pause(2500);
		mkdirSync(path.dirname(out), {recursive: true});
		writeFileSync(out, ansiToSvg(stdout.frame.replace(/\n$/, ''), {columns, rows: rows - 1, title: 'ecs-top --demo'}));
		process.stdout.write(`wrote ${path.relative(process.cwd(), out)} (${columns}x${rows - 1})\n`);
	} finally {
		app.unmount();
		poller.stop();
		await sim.close();
	}
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
	main().catch((error: unknown) => {
		process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(1);
	});
}
