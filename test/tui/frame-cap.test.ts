// Ink's frame cap as the TUI sets it (commands/tui.ts passes maxFps() to Ink's render): 60 frames a
// second, so a key pressed just after another frame waits at most one 60 Hz frame for its own (Ink's
// default, 30, made it up to 34 ms). ECS_TOP_MAX_FPS sets another for the benchmarks.
import {describe, expect, it} from 'vitest';
import {defaultMaxFps, maxFps} from '../../source/app/trace.js';

describe('maxFps', () => {
	it('is 60 unless ECS_TOP_MAX_FPS names a positive number', () => {
		expect(defaultMaxFps).toBe(60);
		expect(maxFps({})).toBe(60);
		expect(maxFps({ECS_TOP_MAX_FPS: '1000'})).toBe(1000);
		for (const bad of ['0', '-5', 'fast', '', 'Infinity']) expect(maxFps({ECS_TOP_MAX_FPS: bad}), bad).toBe(60);
	});
});
