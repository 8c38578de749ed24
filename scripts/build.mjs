// Builds the `ecs-top` command: dist/ecs-top.js, the whole CLI bundled into one file (starts in
// about half the time of tsc output), and dist/cli.js, the entry npm links as the binary, which
// checks the Node version first (source/bin/version-guard.js, copied as it is).
import {build} from 'esbuild';
import {existsSync, mkdirSync, readFileSync, renameSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {builtinModules} from 'node:module';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// Node's built-in modules are taken with require(), not import: importing one makes its ES-module
// facade, which reads every export once, and node:http's exports include getters (WebSocket,
// CloseEvent, MessageEvent) that load Node's whole undici. That was 30 ms of `ecs-top --version`'s
// 110 and of every one-shot command's start, for a WebSocket only exec's built-in client uses.
// esbuild's CommonJS interop reads a property when it is used, so nothing loads before it is needed.
// (The TUI still loads undici: Ink's layout engine asks for the global fetch as it starts.)
const builtins = new Set(builtinModules.filter(name => !name.startsWith('_')));
// Three packages take a built-in module as they load for one function they call only later, and
// nothing else loads that module before the first frame: the SDK's checksums take node:zlib for
// crc32 (5 ms; ECS's calls carry no checksums); meow's bundle takes node:child_process for an
// execFile it never calls, and terminal-size (Ink's) for execFileSync, which it runs only when the
// terminal does not say its size (1.5 ms; our own files take it when they start a process:
// source/child-process.ts). Each gets a stand-in whose function loads the module on its first
// call. The build stops if the package's text no longer uses the module only so (`uses`: its every
// mention, counted).
const lazyBuiltins = [
	{importer: /[\\/]@smithy[\\/]core[\\/]dist-es[\\/]submodules[\\/]checksum[\\/]crc32[\\/]Crc32Node\.js$/, module: 'zlib', functions: ['crc32'], uses: [/\bzlib\b/g, 4]},
	{importer: /[\\/]meow[\\/]build[\\/]dependencies\.js$/, module: 'child_process', functions: ['execFile'], uses: [/\bexecFile\b/g, 2]},
	{importer: /[\\/]terminal-size[\\/]index\.js$/, module: 'child_process', functions: ['execFileSync'], uses: [/\bexecFileSync\b/g, 2]},
];
const builtinsAsRequire = {
	name: 'builtins-as-require',
	setup(b) {
		b.onResolve({filter: /^(node:)?[a-z_/]+$/}, args => {
			const name = args.path.replace(/^node:/, '');
			if (!builtins.has(name)) return undefined;
			// The require() inside the stand-in itself is the real module, left to Node.
			if (args.namespace === 'node-builtin' || args.namespace === 'node-builtin-lazy') return {path: args.path, external: true};
			const lazy = lazyBuiltins.find(entry => entry.module === name && entry.importer.test(args.importer));
			if (lazy) {
				const [mention, count] = lazy.uses;
				const found = readFileSync(args.importer, 'utf8').match(mention)?.length ?? 0;
				if (found !== count) throw new Error(`build: ${path.relative(root, args.importer)} mentions ${name} ${found} times, not ${count} (see lazyBuiltins)`);
				return {path: `${name}:${lazy.functions.join(',')}`, namespace: 'node-builtin-lazy'};
			}
			return {path: name, namespace: 'node-builtin'};
		});
		b.onLoad({filter: /.*/, namespace: 'node-builtin'}, args => ({contents: `module.exports = require(${JSON.stringify(`node:${args.path}`)});`, loader: 'js'}));
		b.onLoad({filter: /.*/, namespace: 'node-builtin-lazy'}, args => {
			const [name, functions] = args.path.split(':');
			const real = JSON.stringify(`node:${name}`);
			return {contents: functions.split(',').map(f => `exports.${f} = (...args) => require(${real}).${f}(...args);`).join('\n'), loader: 'js'};
		});
	},
};

// meow's own bundle (build/dependencies.js) runs two of its packages as it loads, for functions it
// calls only now and then: normalize-package-data (meow normalizes package.json only when `.pkg` is
// read; ecs-top never reads it) and @babel/code-frame (a bad package.json's message). The first
// sorts the SPDX licence names with localeCompare, which sets up ICU's collation: together about
// 15 ms of every command's start. Here each is run on its first call instead; the build stops if
// meow's text no longer matches, so an update is looked at rather than silently slower.
const lazyMeowDependencies = {
	name: 'lazy-meow-dependencies',
	setup(b) {
		b.onLoad({filter: /[\\/]meow[\\/]build[\\/]dependencies\.js$/}, args => {
			let text = readFileSync(args.path, 'utf8');
			const swaps = [
				['var libExports = requireLib$1();', 'var libExports = {codeFrameColumns: (...a) => requireLib$1().codeFrameColumns(...a)};'],
				['var normalizeExports = requireNormalize();\nconst normalizePackageData = getDefaultExportFromCjs(normalizeExports);', 'const normalizePackageData = (...a) => getDefaultExportFromCjs(requireNormalize())(...a);'],
			];
			for (const [from, to] of swaps) {
				if (!text.includes(from)) throw new Error(`build: meow's build/dependencies.js no longer has ${JSON.stringify(from)} (see lazyMeowDependencies)`);
				text = text.replace(from, () => to);
			}
			return {contents: text, loader: 'js'};
		});
	},
};

// Ink and the packages it draws with measure text with string-width; in the bundle they get
// source/components/ink-string-width.ts, the same count (test/clean-output/ink-string-width.test.ts
// holds it to string-width's) without segmenting a whole line for one `…`. Ink's own code is as
// published; only the module its `import stringWidth from 'string-width'` names is ours. Our own
// imports, that module's included, get string-width itself.
const inkStringWidth = {
	name: 'ink-string-width',
	setup(b) {
		const ours = fileURLToPath(new URL('../source/components/ink-string-width.ts', import.meta.url));
		b.onResolve({filter: /^string-width$/}, args => (/[\\/]node_modules[\\/]/.test(args.importer) ? {path: ours} : undefined));
	},
};

// The AWS SDK's clients, as ecs-top imports them (`import {ECSClient, ListTasksCommand} from
// '@aws-sdk/client-ecs'`), name the package's index, which re-exports all of a service's commands,
// paginators, waiters and its aggregated client. The TUI's part of the bundle is loaded lazily
// (cli.ts imports it on demand), so esbuild keeps every module the index names and runs each as
// the client loads: all 89 ECS commands and their 618 schemas for the 19 commands ecs-top sends.
// Here each of our modules that imports a client gets only the names it asks for, from the files
// that define them; the build stops if a name is not a client or a command file.
const sdkNarrow = {
	name: 'sdk-narrow',
	setup(b) {
		b.onResolve({filter: /^@aws-sdk\/client-[a-z0-9-]+$/}, async args => {
			if (args.pluginData === 'sdk-narrow' || !args.importer.startsWith(path.join(root, 'source'))) return undefined;
			// Where the package's index is, as esbuild finds it: its modules are beside it.
			const index = await b.resolve(args.path, {importer: args.importer, resolveDir: args.resolveDir, kind: args.kind, pluginData: 'sdk-narrow'});
			if (index.errors.length > 0) return {errors: index.errors};
			// The importer relative to the project: the path names the module in the bundle.
			return {path: `${args.path}#${path.relative(root, args.importer)}`, namespace: 'sdk-narrow', pluginData: path.dirname(index.path)};
		});
		b.onLoad({filter: /.*/, namespace: 'sdk-narrow'}, args => {
			const [pkgName, importer] = args.path.split('#');
			const dir = args.pluginData;
			const text = readFileSync(path.join(root, importer), 'utf8');
			const pattern = new RegExp(`(?:import|export)\\s*(type\\s*)?\\{([^}]*)\\}\\s*from\\s*'${pkgName.replace('/', '\\/')}'`, 'g');
			const names = [];
			for (const match of text.matchAll(pattern)) {
				if (match[1]) continue;
				for (const item of match[2].split(',').map(part => part.trim()).filter(Boolean)) {
					if (item.startsWith('type ')) continue;
					names.push(item.split(/\s+as\s+/)[0]);
				}
			}
			const lines = names.map(name => {
				const file = [path.join(dir, 'commands', `${name}.js`), path.join(dir, `${name}.js`)].find(f => existsSync(f));
				if (!file) throw new Error(`build: ${name} from ${pkgName} (in ${importer}) is neither a client nor a command file (see sdkNarrow)`);
				return `export {${name}} from ${JSON.stringify(file)};`;
			});
			return {contents: lines.join('\n'), loader: 'js', resolveDir: dir};
		});
	},
};

// fetch is hidden while the app starts, and given back once Ink is loaded or after 2 s: why, and
// the other half, in source/commands/hidden-fetch.ts.
const hideFetchWhileLoading = `{const k=Symbol.for('ecs-top.hidden-fetch'),d=Object.getOwnPropertyDescriptor(globalThis,'fetch');if(d&&d.configurable){globalThis[k]=d;Object.defineProperty(globalThis,'fetch',{value:undefined,configurable:true,writable:true});setTimeout(()=>{if(globalThis[k]){Object.defineProperty(globalThis,'fetch',globalThis[k]);delete globalThis[k];}},2000).unref();}}`;

const result = await build({
	absWorkingDir: root,
	entryPoints: ['source/cli.ts'],
	bundle: true,
	platform: 'node',
	// The ES-module builds of the AWS SDK (and others), so unused commands and schemas are left
	// out: 2.12 → 1.92 MB, ~40 ms less start-up to compile and run.
	mainFields: ['module', 'main'],
	format: 'esm',
	target: 'node22',
	// Regular expressions with Unicode property escapes (\p{…}, and the `v` flag's sets) stay
	// literals: every Node that runs ecs-top (22.12 and later) parses them, and esbuild otherwise
	// turns each into `new RegExp(text)` so an engine without a property fails only when it runs.
	// Inside a function that is a pattern parsed on every call: Ink's output filtered every cell
	// of every changed line through one (`^\p{Default_Ignorable_Code_Point}+$`), 4,800 a frame at 120x40.
	supported: {'regexp-unicode-property-escapes': true, 'regexp-set-notation': true},
	outfile: 'dist/ecs-top.js',
	alias: {'react-devtools-core': './scripts/devtools-stub.js'},
	plugins: [builtinsAsRequire, lazyMeowDependencies, inkStringWidth, sdkNarrow],
	define: {'process.env.NODE_ENV': '"production"', __ECS_TOP_VERSION__: JSON.stringify(pkg.version)},
	banner: {js: `import {createRequire as __cr} from 'node:module'; const require = __cr(import.meta.url);${hideFetchWhileLoading}`},
	logLevel: 'warning',
	legalComments: 'none',
	// Whitespace and syntax only (names stay, so --debug stacks read): V8 compiles the whole file
	// before the first frame, and a third less text is ~40 ms less cold start.
	minifyWhitespace: true,
	minifySyntax: true,
	// Written below, each file whole (temp file, then rename): a test run that starts the bundle
	// while another run rebuilds it never loads half a file.
	write: false,
});
const dist = new URL('../dist/', import.meta.url);
mkdirSync(dist, {recursive: true});
const put = (name, contents) => {
	const temp = new URL(`${name}.${process.pid}.tmp`, dist);
	writeFileSync(temp, contents);
	renameSync(temp, new URL(name, dist));
};
put('ecs-top.js', result.outputFiles[0].contents);
put('cli.js', readFileSync(new URL('../source/bin/version-guard.js', import.meta.url)));
