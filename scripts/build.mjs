// Bundles the CLI into one file (dist/cli.js): starts in about half the time of tsc output.
import {build} from 'esbuild';
import {fileURLToPath} from 'node:url';
import {readFileSync} from 'node:fs';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

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
});
