import {describe, expect, it} from 'vitest';
import {consoleUrl} from '../../source/views/clipboard/console-url.js';
import {clipboardExtension, type ClipboardSystem} from '../../source/views/clipboard/extension.js';
import {osc52, osc52Usable} from '../../source/views/clipboard/osc52.js';
import {browserOpener, clipboardCommand, displayPlausible} from '../../source/views/clipboard/system.js';
import type {Command} from '../../source/views/clipboard/system.js';
import type {ActionContext} from '../../source/views/types.js';

const serviceArn = 'arn:aws:ecs:eu-west-1:123456789012:service/prod/web';
const clusterArn = 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod';
const taskArn = 'arn:aws:ecs:eu-west-1:123456789012:task/prod/0123456789abcdef';

describe('OSC 52', () => {
	it('is ESC ] 52 ; c ; base64 BEL', () => {
		expect(osc52(serviceArn)).toBe(`\u001B]52;c;${Buffer.from(serviceArn).toString('base64')}\u0007`);
		expect(osc52('é')).toBe('\u001B]52;c;w6k=\u0007');
	});

	it('is written only to a terminal that honours it', () => {
		expect(osc52Usable(false, {})).toBe(false);
		expect(osc52Usable(true, {TERM: 'xterm-256color'})).toBe(true);
		expect(osc52Usable(true, {TERM: 'tmux-256color'})).toBe(true);
		expect(osc52Usable(true, {TERM_PROGRAM: 'Apple_Terminal'})).toBe(false);
		expect(osc52Usable(true, {TERM: 'linux'})).toBe(false);
	});
});

describe('console URLs', () => {
	it('point at the ECS console v2 page of each resource, in its region', () => {
		expect(consoleUrl({kind: 'cluster', cluster: clusterArn}, 'eu-west-1')).toBe('https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/prod/services?region=eu-west-1');
		expect(consoleUrl({kind: 'service', cluster: clusterArn, service: 'web'}, 'us-east-1')).toBe('https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/prod/services/web/health?region=us-east-1');
		expect(consoleUrl({kind: 'task', cluster: 'prod', task: taskArn}, 'eu-west-1')).toBe('https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/prod/tasks/0123456789abcdef/configuration?region=eu-west-1');
		expect(consoleUrl({kind: 'instance', cluster: 'prod'}, 'eu-west-1')).toBe('https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/prod/infrastructure?region=eu-west-1');
		expect(consoleUrl({kind: 'taskDefinition', arnOrFamily: 'arn:aws:ecs:eu-west-1:1:task-definition/web:42'}, 'eu-west-1')).toBe('https://eu-west-1.console.aws.amazon.com/ecs/v2/task-definitions/web/42/containers?region=eu-west-1');
		expect(consoleUrl({kind: 'taskDefinition', arnOrFamily: 'web'}, 'eu-west-1')).toBe('https://eu-west-1.console.aws.amazon.com/ecs/v2/task-definitions/web?region=eu-west-1');
		expect(consoleUrl({kind: 'deployments', cluster: 'prod', service: 'web'}, 'eu-west-1')).toBe('https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/prod/services/web/deployments?region=eu-west-1');
	});

	it('encode CloudWatch log groups and streams the console way ($25 for %)', () => {
		expect(consoleUrl({kind: 'logStream', group: '/ecs/web', stream: 'ecs/app/abc'}, 'eu-west-1')).toBe(
			'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups/log-group/$252Fecs$252Fweb/log-events/ecs$252Fapp$252Fabc',
		);
	});

	it('use the partition console hosts', () => {
		expect(consoleUrl({kind: 'cluster', cluster: 'c'}, 'us-gov-west-1')).toMatch(/^https:\/\/us-gov-west-1\.console\.amazonaws-us-gov\.com\//);
		expect(consoleUrl({kind: 'cluster', cluster: 'c'}, 'cn-north-1')).toMatch(/^https:\/\/cn-north-1\.console\.amazonaws\.cn\//);
	});
});

const onPath = (...names: string[]) => (name: string) => (names.includes(name) ? `/usr/bin/${name}` : undefined);

describe('opener and clipboard command', () => {
	it('opens a browser only where a display is plausible', () => {
		expect(displayPlausible({DISPLAY: ':0'}, 'linux')).toBe(true);
		expect(displayPlausible({SSH_CONNECTION: '1 2 3 4'}, 'linux')).toBe(false);
		expect(displayPlausible({SSH_CONNECTION: '1 2 3 4', DISPLAY: 'localhost:10.0'}, 'linux')).toBe(true);
		expect(displayPlausible({}, 'darwin')).toBe(true);
		expect(displayPlausible({SSH_CONNECTION: '1 2 3 4'}, 'darwin')).toBe(false);
	});

	it('picks open, xdg-open, wslview or cmd /c start, with the URL as one argument', () => {
		const url = 'https://x/?a=1&b=2';
		expect(browserOpener({}, 'darwin', onPath('open'))?.(url)).toEqual({command: 'open', args: [url]});
		expect(browserOpener({DISPLAY: ':0'}, 'linux', onPath('xdg-open'))?.(url)).toEqual({command: '/usr/bin/xdg-open', args: [url]});
		expect(browserOpener({WSL_DISTRO_NAME: 'Ubuntu'}, 'linux', onPath('wslview', 'xdg-open'))?.(url)).toEqual({command: 'wslview', args: [url]});
		expect(browserOpener({}, 'win32', onPath())?.(url)).toEqual({command: 'cmd', args: ['/c', 'start', '""', url]});
		expect(browserOpener({DISPLAY: ':0'}, 'linux', onPath())).toBeUndefined();
		expect(browserOpener({SSH_CONNECTION: '1'}, 'linux', onPath('xdg-open'))).toBeUndefined();
	});

	it('finds the clipboard command for the platform and display', () => {
		expect(clipboardCommand({}, 'darwin', onPath('pbcopy'))).toEqual({command: 'pbcopy', args: []});
		expect(clipboardCommand({WAYLAND_DISPLAY: 'wayland-0'}, 'linux', onPath('wl-copy', 'xclip'))).toEqual({command: 'wl-copy', args: []});
		expect(clipboardCommand({DISPLAY: ':0'}, 'linux', onPath('xclip'))).toEqual({command: 'xclip', args: ['-selection', 'clipboard']});
		expect(clipboardCommand({DISPLAY: ':0'}, 'linux', onPath('xsel'))).toEqual({command: 'xsel', args: ['--clipboard', '--input']});
		expect(clipboardCommand({WSL_DISTRO_NAME: 'Ubuntu'}, 'linux', onPath('clip.exe'))).toEqual({command: 'clip.exe', args: []});
		expect(clipboardCommand({}, 'linux', onPath('xclip'))).toBeUndefined();
	});
});

describe('y, Y and O', () => {
	const service = {serviceArn, serviceName: 'web', clusterArn, status: 'ACTIVE'};
	function run(id: string, options: {tty: boolean; env?: NodeJS.ProcessEnv; path?: string[]}) {
		const written: string[] = [];
		const ran: Array<{cmd: Command; input?: string}> = [];
		const statuses: string[] = [];
		const system: ClipboardSystem = {env: options.env ?? {TERM: 'xterm'}, platform: 'linux', which: onPath(...(options.path ?? [])), run: (cmd, input) => ran.push({cmd, input})};
		const action = clipboardExtension(system).keys!.find(k => k.id === id)!;
		const ctx = {
			view: {id: 'services|prod', pane: 'services', crumb: 'prod', cluster: 'prod'},
			snapshot: {clusters: new Map(), services: new Map([[serviceArn, service]]), tasks: new Map(), instances: new Map()},
			selected: service,
			env: {},
			region: 'eu-west-1',
			account: '123456789012',
			writeTerminal: options.tty ? (data: string) => written.push(data) : undefined,
			status: (text: string) => statuses.push(text),
		} as unknown as ActionContext;
		void action.run(ctx);
		return {written, ran, statuses};
	}

	it('y writes OSC 52 with the ARN to a terminal, and says so', () => {
		const {written, ran, statuses} = run('copy-arn', {tty: true, path: ['xclip']});
		expect(written).toEqual([osc52(serviceArn)]);
		expect(ran).toEqual([]);
		expect(statuses).toEqual([`copied ARN: ${serviceArn}`]);
	});

	it('y without a terminal pipes the ARN to the clipboard command, or shows it', () => {
		const piped = run('copy-arn', {tty: false, env: {DISPLAY: ':0'}, path: ['xclip']});
		expect(piped.ran).toEqual([{cmd: {command: 'xclip', args: ['-selection', 'clipboard']}, input: serviceArn}]);
		const none = run('copy-arn', {tty: false});
		expect(none.written).toEqual([]);
		expect(none.statuses[0]).toContain(serviceArn);
		expect(none.statuses[0]).toMatch(/^no clipboard here/);
	});

	it('Y copies the name', () => {
		expect(run('copy-name', {tty: true}).written).toEqual([osc52('web')]);
	});

	it('O hands the console URL to the opener, or shows it (and copies it) over SSH', () => {
		const url = 'https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/prod/services/web/health?region=eu-west-1';
		const opened = run('open-console', {tty: true, env: {DISPLAY: ':0'}, path: ['xdg-open']});
		expect(opened.ran).toEqual([{cmd: {command: '/usr/bin/xdg-open', args: [url]}, input: undefined}]);
		const ssh = run('open-console', {tty: true, env: {SSH_CONNECTION: '1 2 3 4', TERM: 'xterm'}, path: ['xdg-open']});
		expect(ssh.ran).toEqual([]);
		expect(ssh.written).toEqual([osc52(url)]);
		expect(ssh.statuses.at(-1)).toBe(`no browser here, URL copied: ${url}`);
	});
});
