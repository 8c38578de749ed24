// Flag values the TUI cannot honour are usage errors (exit 2), never silently bent: --refresh above
// Node's timer range (about 24.8 days) used to fire every millisecond and flood the terminal.
import {describe, expect, it} from 'vitest';
import {parseArgs, UsageError} from '../source/cli-args.js';

describe('--refresh', () => {
	it('takes 1 to 3600 seconds, 2 by default', () => {
		expect(parseArgs([], '0').refreshSeconds).toBe(2);
		expect(parseArgs(['--refresh', '1'], '0').refreshSeconds).toBe(1);
		expect(parseArgs(['--refresh', '3600'], '0').refreshSeconds).toBe(3600);
		expect(parseArgs(['--refresh', '2.5'], '0').refreshSeconds).toBe(2.5);
	});

	it.each(['1e9', '400000', '3601', '0.5', '0', '-1', 'soon', ''])('refuses %j with the range', value => {
		expect(() => parseArgs(['--refresh', value], '0')).toThrow(UsageError);
		if (/^[-\d.e]+$/.test(value) && value !== '') expect(() => parseArgs(['--refresh', value], '0')).toThrow(/out of range \(1 to 3600 seconds\)|not a valid value/);
	});
});

describe('sim --background', () => {
	it('is -b or --background, off by default, and only for sim', () => {
		expect(parseArgs(['sim'], '0').sim.background).toBe(false);
		expect(parseArgs(['sim', '--background'], '0').sim.background).toBe(true);
		expect(parseArgs(['sim', '-b', '--port', '0'], '0').sim.background).toBe(true);
		expect(() => parseArgs(['get', 'clusters', '--background'], '0')).toThrow(/--background does not apply to "get"/);
		expect(() => parseArgs(['-b'], '0')).toThrow(/--background does not apply to the TUI/);
	});
});

describe('logs', () => {
	it('takes one --service or one --task, with --container, --follow, --live, --since, --grep, --filter-pattern, --json', () => {
		const parsed = parseArgs(['logs', '--cluster', 'c', '--service', 'web', '--container', 'app', '--follow', '--live', '--since', '10m', '--grep', 'x', '--filter-pattern', 'ERROR', '--json'], '0');
		expect(parsed).toMatchObject({command: 'logs', cluster: 'c', services: ['web'], container: 'app', follow: true, live: true, since: '10m', grep: 'x', filterPattern: 'ERROR', json: true});
		expect(parseArgs(['logs', '--task', 'abc'], '0')).toMatchObject({command: 'logs', task: 'abc', services: [], live: false});
	});

	it('refuses neither, both, two services, an empty value and flags of other commands (usage errors, exit 2)', () => {
		expect(() => parseArgs(['logs', '--cluster', 'c'], '0')).toThrow('logs needs --service S or --task T');
		expect(() => parseArgs(['logs', '--service', 'a', '--task', 't'], '0')).toThrow(/do not go together/);
		expect(() => parseArgs(['logs', '--service', 'a', '--service', 'b'], '0')).toThrow(/one service/);
		expect(() => parseArgs(['logs', '--task', ''], '0')).toThrow(/--task needs a value/);
		expect(() => parseArgs(['logs', '--task', 't', '--refresh', '5'], '0')).toThrow(/--refresh does not apply to "logs"/);
		expect(() => parseArgs(['events', '--live'], '0')).toThrow(/--live does not apply to "events"/);
		expect(() => parseArgs(['logs', '--task', 't', 'extra'], '0')).toThrow(UsageError);
	});
});
