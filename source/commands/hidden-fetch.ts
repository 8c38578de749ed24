// The built binary hides the global fetch while it starts (scripts/build.mjs, its banner): Ink's
// layout engine (yoga-layout's emscripten loader) decodes its inlined WebAssembly with fetch() of a
// data: URL whenever fetch is a function, and merely asking for the global fetch loads Node's
// undici; without fetch it decodes the same base64 synchronously. The banner keeps fetch's
// descriptor under this symbol and gives it back after at most 2 s; the TUI gives it back as soon
// as Ink is loaded. Run from source (tests, tsx) nothing is hidden and this does nothing. Nothing in
// ecs-top calls fetch (the AWS SDK uses node:http).
export const hiddenFetchKey = Symbol.for('ecs-top.hidden-fetch');

export function restoreFetch(): void {
	const store = globalThis as unknown as Record<symbol, PropertyDescriptor | undefined>;
	const descriptor = store[hiddenFetchKey];
	if (!descriptor) return;
	delete store[hiddenFetchKey];
	Object.defineProperty(globalThis, 'fetch', descriptor);
}
