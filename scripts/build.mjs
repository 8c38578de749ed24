// Bundles the CLI into one file (dist/cli.js): starts in about half the time of tsc output.
import {build} from 'esbuild';
import {fileURLToPath} from 'node:url';
import {readFileSync} from 'node:fs';
import {readFile} from 'node:fs/promises';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// Three patches to Ink's frame path, applied to the bundle only (tests run Ink as published). They
// change no output, only what each repaint recomputes:
// - Output builds a fresh tokenising cache per frame, so every repaint re-tokenised every line of
//   the screen (about half a frame at 120x40): one cache shared across frames makes unchanged lines
//   free; it is dropped when it outgrows a few screens' worth of distinct lines.
// - Every text node's width was measured from scratch each frame (Intl.Segmenter on any non-ASCII
//   line): it now goes through measureText's cache,
// - whose cache never shrank (every text ever drawn stayed in memory): now cleared past 10,000.
const sharedCaches = `
let sharedOutputCaches;
function sharedCaches() {
	const c = sharedOutputCaches;
	if (!c || c.styledChars.size > 4000 || c.widths.size > 20000 || c.blockWidths.size > 4000) sharedOutputCaches = new OutputCaches();
	return sharedOutputCaches;
}
`;
const inkPatches = {
	'output.js': [['caches = new OutputCaches();', 'caches = sharedCaches();'], [/$/, sharedCaches]],
	'render-node-to-output.js': [
		["import widestLine from 'widest-line';", "import measureText from './measure-text.js';"],
		['const currentWidth = widestLine(text);', 'const currentWidth = measureText(text).width;'],
	],
	'measure-text.js': [['cache.set(text, dimensions);', 'if (cache.size >= 10000) cache.clear();\n    cache.set(text, dimensions);']],
};
const inkFramePatches = {
	name: 'ink-frame-patches',
	setup(b) {
		b.onLoad({filter: /[\\/]ink[\\/]build[\\/][a-z-]+\.js$/}, async args => {
			const edits = inkPatches[args.path.split(/[\\/]/).at(-1)];
			if (!edits) return undefined;
			let source = await readFile(args.path, 'utf8');
			for (const [from, to] of edits) {
				if (typeof from === 'string' && !source.includes(from)) {
					console.warn(`build: ${args.path} changed, left unpatched (${from})`);
					return undefined;
				}
				source = source.replace(from, to);
			}
			return {contents: source, loader: 'js'};
		});
	},
};

await build({
	absWorkingDir: root,
	entryPoints: ['source/cli.tsx'],
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	outfile: 'dist/cli.js',
	alias: {'react-devtools-core': './scripts/devtools-stub.js'},
	define: {'process.env.NODE_ENV': '"production"', __ECS_TOP_VERSION__: JSON.stringify(pkg.version)},
	banner: {js: "#!/usr/bin/env node\nimport {createRequire as __cr} from 'node:module'; const require = __cr(import.meta.url);"},
	logLevel: 'warning',
	legalComments: 'none',
	// Whitespace and syntax only (names stay, so --debug stacks read): V8 compiles the whole file
	// before the first frame, and a third less text is ~40 ms less cold start.
	minifyWhitespace: true,
	minifySyntax: true,
	plugins: [inkFramePatches],
});
