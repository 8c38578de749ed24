// The config file's `:` aliases in command mode: an alias runs its command line (with any words
// typed after it), Tab completes alias names, a built-in name is never shadowed, and an alias to
// no command says so.
import {describe, expect, it} from 'vitest';
import {completions} from '../../source/views/command.js';
import {closeAppsAfterEach, start} from './app.js';

closeAppsAfterEach();

const crumbs = (frame: string) => frame.split('\n')[1] ?? '';

describe(': aliases from the config file', () => {
	it('an alias runs its command line', async () => {
		const app = await start({app: {aliases: {stg: 'cluster staging', c: 'cluster', tasks: 'clusters', broken: 'nope x'}}});
		await app.untilText('staging');
		await app.press(':stg\r');
		await app.until(f => expect(crumbs(f)).toMatch(/^SERVICES {2}clusters › staging\b/));
		// Words after the alias follow its own.
		await app.press(':c data\r');
		await app.until(f => expect(crumbs(f)).toMatch(/^SERVICES {2}clusters › data\b/));
		// A built-in name wins over an alias of the same name.
		await app.press(':tasks\r');
		await app.until(f => expect(crumbs(f)).toMatch(/^TASKS /));
		await app.press(':broken\r');
		await app.waitFor(f => expect(f).toContain('alias ":broken" runs ":nope x", which is no command'));
	});

	it('Tab completes alias names after the built-in ones', () => {
		expect(completions('st', [], ['stg', 'prod'])).toEqual(['stg']);
		expect(completions('cl', [], ['cl2'])).toEqual([...completions('cl', []), 'cl2']);
		expect(completions('prod', [], ['prod'])).toEqual(['prod']);
		// After the built-ins that share its start (`:profile P`).
		expect(completions('pro', [], ['prod'])).toEqual(['profile ', 'prod']);
		// An alias named as a built-in is not offered twice.
		expect(completions('tas', [], ['tasks'])).toEqual(completions('tas', []));
	});
});
