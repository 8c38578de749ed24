// The config file's execCommand is what `s` runs: the confirmation names it (and the equivalent
// AWS CLI line carries it) instead of /bin/sh.
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {createFakePlugin, type FakePlugin} from '../helpers/fake-plugin.js';
import {closeAppsAfterEach, start} from '../views/app.js';

closeAppsAfterEach();

let fake: FakePlugin;
const savedPath = process.env.PATH;
beforeEach(() => {
	fake = createFakePlugin();
	process.env.PATH = fake.path(savedPath);
});
afterEach(() => {
	process.env.PATH = savedPath;
	fake.remove();
});

describe('execCommand', () => {
	it('s runs the configured command instead of /bin/sh', async () => {
		const app = await start({app: {cluster: 'production', service: 'web', columns: 240, rows: 40}, sessions: true});
		// As runTui builds it from the config file (commands/sessions.ts).
		app.sessions!.execCommand = '/bin/bash -l';
		await app.until(f => expect(f).toMatch(/^> [0-9a-f]{12} +RUNNING/m));
		await app.press('s');
		await app.until(f => expect(f).toMatch(/--interactive --command "\/bin\/bash -l"/));
		expect(app.frame()).toContain('runs /bin/bash -l in the container');
		expect((await app.sim.stats()).calls.ExecuteCommand ?? 0).toBe(0);
	});
});
