// Precedence: flag > environment > config file > default, each setting with its origin; the file's
// readOnly: true is loosened only by --write, and --read-only always tightens.
import {describe, expect, it} from 'vitest';
import {parseArgs} from '../../source/cli-args.js';
import {parseConfig} from '../../source/config/parse.js';

const file = parseConfig('profile: fileprof\nregion: eu-west-3\nrefresh: 9\ncluster: filecl\nmetrics: false\nreadOnly: true\nexecCommand: bash\ntheme: light\n', '/c.yaml');
const parse = (argv: string[], env: NodeJS.ProcessEnv = {}, config = file) => parseArgs(argv, '0', {config: () => config, env});
const none = parseConfig('', '/none.yaml');

describe('settings: flag > env > file > default', () => {
	it('the file acts where no flag or variable is given', () => {
		const parsed = parse([]);
		expect(parsed.aws).toMatchObject({profile: 'fileprof', region: 'eu-west-3', profiles: ['fileprof'], regions: ['eu-west-3'], readOnly: true});
		expect(parsed).toMatchObject({refreshSeconds: 9, cluster: 'filecl', metrics: false});
		expect(parsed.settings).toMatchObject({
			profile: {value: 'fileprof', origin: 'file'},
			refresh: {value: 9, origin: 'file'},
			theme: {value: 'light', origin: 'file'},
			execCommand: {value: 'bash', origin: 'file'},
			configPath: '/c.yaml',
		});
	});

	it('the environment beats the file (and is left to the AWS conventions that read it)', () => {
		const parsed = parse([], {AWS_PROFILE: 'envprof', AWS_DEFAULT_REGION: 'us-west-2'});
		expect(parsed.settings.profile).toEqual({value: 'envprof', origin: 'env', variable: 'AWS_PROFILE'});
		expect(parsed.settings.region).toEqual({value: 'us-west-2', origin: 'env', variable: 'AWS_DEFAULT_REGION'});
		expect(parsed.aws.profile).toBeUndefined();
		expect(parsed.aws.region).toBeUndefined();
	});

	it('a flag beats the environment and the file', () => {
		const parsed = parse(['--profile', 'flagprof', '--region', 'ap-south-1', '--refresh', '3', '--cluster', 'flagcl', '--metrics'], {AWS_PROFILE: 'envprof', AWS_REGION: 'us-west-2'});
		expect(parsed.settings).toMatchObject({profile: {value: 'flagprof', origin: 'flag'}, region: {value: 'ap-south-1', origin: 'flag'}, refresh: {value: 3, origin: 'flag'}, cluster: {value: 'flagcl', origin: 'flag'}, metrics: {value: true, origin: 'flag'}});
		expect(parsed.aws).toMatchObject({profile: 'flagprof', region: 'ap-south-1'});
		expect(parsed).toMatchObject({refreshSeconds: 3, cluster: 'flagcl', metrics: true});
	});

	it('without flag, variable or file: the defaults', () => {
		const parsed = parse([], {}, none);
		expect(parsed.settings).toMatchObject({
			profile: {value: undefined, origin: 'default'},
			refresh: {value: 2, origin: 'default'},
			readOnly: {value: false, origin: 'default'},
			theme: {value: 'dark', origin: 'default'},
			columns: {value: {}, origin: 'default'},
			aliases: {value: {}, origin: 'default'},
		});
		expect(parsed.refreshSeconds).toBe(2);
	});

	it('readOnly: true in the file holds unless --write; --read-only always tightens', () => {
		expect(parse([]).aws.readOnly).toBe(true);
		expect(parse(['exec', '--task', 't']).aws.readOnly).toBe(true);
		expect(parse(['--write']).aws.readOnly).toBe(false);
		expect(parse(['--write']).settings.readOnly).toEqual({value: false, origin: 'flag'});
		expect(parse(['port-forward', '--task', 't', '--write', '1:2']).aws.readOnly).toBe(false);
		expect(parse(['--write', '--read-only']).aws.readOnly).toBe(true);
		expect(parse(['--read-only'], {}, none).settings.readOnly).toEqual({value: true, origin: 'flag'});
		// --write loosens the file only: it is no way to undo --read-only, and only mutating commands take it.
		expect(parse(['--write'], {}, none).aws.readOnly).toBe(false);
		expect(() => parse(['get', 'services', '--write'])).toThrow(/--write does not apply to "get"/);
	});

	it('a file key acts only where its flag does', () => {
		// get clusters' --cluster is a filter: the file's default cluster must not narrow the list.
		expect(parse(['get', 'clusters']).cluster).toBeUndefined();
		expect(parse(['get', 'services']).cluster).toBe('filecl');
		// The file's metrics are the TUI's (get reads CloudWatch only when asked).
		expect(parse(['get', 'services']).metrics).toBeUndefined();
		// sim reads no settings: a bad file does not break it.
		const bad = () => parseConfig('bogus: 1\n', '/bad.yaml');
		expect(() => parseArgs(['get', 'services'], '0', {config: bad})).toThrow('/bad.yaml:1: unknown key "bogus"');
		expect(parseArgs(['sim'], '0', {config: bad}).command).toBe('sim');
		expect(parseArgs(['completion', 'bash'], '0', {config: bad}).command).toBe('completion');
		// The file's cluster satisfies the TUI's --service.
		expect(parse(['--service', 'web']).services).toEqual(['web']);
		expect(() => parse(['--service', 'web'], {}, none)).toThrow(/--service needs --cluster/);
	});

	it('a flag value is checked as before', () => {
		expect(() => parse(['--refresh', '0'])).toThrow(/out of range/);
	});
});
