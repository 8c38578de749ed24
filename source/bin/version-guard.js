#!/usr/bin/env node
// dist/cli.js, the `ecs-top` command: checks the Node version before the bundle is loaded, so an
// unsupported Node ends in one line instead of a failure somewhere inside a dependency. Plain
// JavaScript that any Node able to load an ES module parses; the rest of ecs-top is ./ecs-top.js.
var minimum = [22, 12];
var parts = process.versions.node.split('.');
var major = Number(parts[0]);
var minor = Number(parts[1]);
if (major < minimum[0] || (major === minimum[0] && minor < minimum[1])) {
	process.stderr.write('ecs-top needs Node ' + minimum.join('.') + ' or later; this is ' + process.versions.node + '\n');
	process.exit(1);
}
// V8's compiled code for the 3 MB bundle kept on disk between runs (Node's module compile cache, in
// the temporary directory; NODE_DISABLE_COMPILE_CACHE=1 turns it off): compiling the bundle was
// about a third of the cold start to the first frame.
var builtin = process.getBuiltinModule && process.getBuiltinModule('node:module');
try {
	if (builtin && builtin.enableCompileCache) builtin.enableCompileCache();
} catch (error) {
	// No cache (a read-only temporary directory): the bundle compiles as before.
}
import('./ecs-top.js');
