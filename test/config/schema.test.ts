// The config file's schema: every key accepted with a good value and refused with a bad one, the
// refusal naming the file, the line and the reason (a setting silently ignored would be believed).
import {paneColumnIds} from '../../source/config/pane-columns.js';
import {describe, expect, it} from 'vitest';
import {ConfigError, configKeys} from '../../source/config/schema.js';
import {parseConfig} from '../../source/config/parse.js';

const parse = (text: string) => parseConfig(text, '/etc/ecs.yaml', paneColumnIds);

/** The message a bad file is refused with. */
function refusal(text: string): string {
	try {
		parse(text);
	} catch (error) {
		expect(error).toBeInstanceOf(ConfigError);
		return (error as Error).message;
	}
	throw new Error(`accepted: ${text}`);
}

const full = `# every key
profile: prod
region: eu-west-1
refresh: 5
readOnly: true
cluster: production
theme: high-contrast
metrics: false
execCommand: /bin/bash -l
columns:
  services: [name, desired, running]
  tasks:
    - id
    - lastStatus
aliases:
  prod: cluster production
  web: ":services web"
`;

describe('config schema', () => {
	it('accepts every key with a good value, and knows the line each is set on', () => {
		const file = parse(full);
		expect(file.values).toEqual({
			profile: 'prod',
			region: 'eu-west-1',
			refresh: 5,
			readOnly: true,
			cluster: 'production',
			theme: 'high-contrast',
			metrics: false,
			execCommand: '/bin/bash -l',
			columns: {services: ['name', 'desired', 'running'], tasks: ['id', 'lastStatus']},
			aliases: {prod: 'cluster production', web: 'services web'},
		});
		expect(Object.keys(file.values).sort()).toEqual([...configKeys].sort());
		expect(file.lines).toMatchObject({profile: 2, region: 3, refresh: 4, readOnly: 5, columns: 10, aliases: 15});
	});

	it('an empty file or one of comments only sets nothing', () => {
		expect(parse('').values).toEqual({});
		expect(parse('# nothing yet\n').values).toEqual({});
	});

	it.each([
		['profile: ""\n', 1, /profile: a profile name/],
		['profile: [a]\n', 1, /profile: a profile name/],
		['profile: a,b\n', 1, /profile: one profile \(several: get --profile a,b\)/],
		['\nregion: europe\n', 2, /region: "europe" is not a Region name/],
		['refresh: 0\n', 1, /refresh: 0 is not a number of seconds from 1 to 3600/],
		['refresh: 3601\n', 1, /from 1 to 3600/],
		['refresh: soon\n', 1, /refresh: "soon" is not a number/],
		['readOnly: yes\n', 1, /readOnly: true or false, not "yes"/],
		['metrics: 1\n', 1, /metrics: true or false, not 1/],
		['cluster: 3\n', 1, /cluster: a cluster name/],
		['theme: solarized\n', 1, /theme: "solarized" is not one of dark, light, high-contrast, terminal/],
		['execCommand: ""\n', 1, /execCommand: a command line/],
		['columns: name\n', 1, /columns: a mapping of pane/],
		['columns:\n  pods: [name]\n', 2, /columns: unknown pane "pods"/],
		['columns:\n  services:\n    - name\n    - bogus\n', 4, /columns.services: unknown column "bogus" \(columns: attention, name,/],
		['columns:\n  services: []\n', 2, /columns.services: a non-empty list/],
		['columns:\n  services: [name, name]\n', 2, /"name" listed twice/],
		['aliases: [a]\n', 1, /aliases: a mapping of name/],
		['aliases:\n  "bad name": cluster x\n', 2, /aliases: "bad name" is not a name/],
		['aliases:\n  prod: ":"\n', 2, /aliases.prod: a `:` command line/],
	])('refuses %j at line %i', (text, line, reason) => {
		const message = refusal(text);
		expect(message.startsWith(`/etc/ecs.yaml:${line}: `)).toBe(true);
		expect(message).toMatch(reason);
	});

	it('refuses an unknown key with its line, listing the known ones', () => {
		expect(refusal('profile: prod\n\nrefreh: 5\n')).toBe(`/etc/ecs.yaml:3: unknown key "refreh" (known: ${configKeys.join(', ')})`);
	});

	it('refuses YAML that does not parse, and a file that is not a mapping, with the line', () => {
		expect(refusal('profile: prod\n\tregion: x\n')).toBe('/etc/ecs.yaml:2: Tabs are not allowed as indentation');
		expect(refusal('profile: prod\nregion: eu-west-1: x\n')).toBe('/etc/ecs.yaml:2: Nested mappings are not allowed in compact mappings');
		expect(refusal('- profile\n')).toBe('/etc/ecs.yaml:1: the file must be a mapping of keys (profile: prod, refresh: 5, …)');
		expect(refusal('profile: a\nprofile: b\n')).toBe('/etc/ecs.yaml:2: Map keys must be unique');
	});
});
