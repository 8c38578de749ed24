// config/load.ts: the file is read at once and parsed only when asked (the command line asks for a
// command that runs); the parser, and `yaml` with it, is loaded only when there is a file to parse.
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {ConfigError} from '../../source/config/schema.js';

let dir: string;
let parserLoads = 0;

beforeEach(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'ecs-top-config-load-'));
	parserLoads = 0;
	vi.resetModules();
	// The real parser, counted as it is loaded.
	vi.doMock('../../source/config/parse.js', async importOriginal => {
		parserLoads++;
		return importOriginal();
	});
});

afterEach(() => {
	vi.doUnmock('../../source/config/parse.js');
	rmSync(dir, {recursive: true, force: true});
});

const reader = async (env: NodeJS.ProcessEnv) => (await import('../../source/config/load.js')).configReader(env);

describe('configReader', () => {
	it('no file: every setting its default, and the parser never loaded', async () => {
		const read = await reader({XDG_CONFIG_HOME: dir});
		expect(read()).toEqual({path: path.join(dir, 'ecs-top', 'config.yaml'), exists: false, values: {}, lines: {}});
		expect(parserLoads).toBe(0);
	});

	it('a file: the parser loaded, and the file parsed when asked', async () => {
		mkdirSync(path.join(dir, 'ecs-top'));
		writeFileSync(path.join(dir, 'ecs-top', 'config.yaml'), 'refresh: 5\ncluster: prod\n');
		const read = await reader({XDG_CONFIG_HOME: dir});
		expect(parserLoads).toBe(1);
		const file = read();
		expect(file.exists).toBe(true);
		expect(file.values).toEqual({refresh: 5, cluster: 'prod'});
		expect(file.lines).toEqual({refresh: 1, cluster: 2});
	});

	it('a bad file is refused when parsed, not when read (--help works whatever it holds)', async () => {
		const file = path.join(dir, 'bad.yaml');
		writeFileSync(file, 'refresh: soon\n');
		const read = await reader({ECS_TOP_CONFIG: file});
		expect(() => read()).toThrow(new ConfigError(`${file}:1: refresh: "soon" is not a number of seconds from 1 to 3600`));
	});

	it('ECS_TOP_CONFIG naming a missing file, or a directory: an error when asked, not before', async () => {
		const missing = path.join(dir, 'nowhere.yaml');
		const read = await reader({ECS_TOP_CONFIG: missing});
		expect(() => read()).toThrow(new ConfigError(`${missing}:1: cannot read it (ENOENT)`));
		const directory = await reader({ECS_TOP_CONFIG: dir});
		expect(() => directory()).toThrow(new ConfigError(`${dir}:1: cannot read it (EISDIR)`));
		expect(parserLoads).toBe(0);
	});
});
