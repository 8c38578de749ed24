// Rows coloured by state (failed red, in-between yellow, stopped dim), nothing coloured under
// NO_COLOR; and the frame follows the terminal's size live. Colour needs chalk to believe the
// terminal has colours: set before Ink is imported.
import {EventEmitter} from 'node:events';
import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {colorEnabled} from '../../source/app.js';
import {fakeData, makeCluster, makeService, makeTask} from './fake-data.js';
import {renderApp, stripAnsi, tick} from './render-app.js';

vi.hoisted(() => {
	process.env.FORCE_COLOR = '1';
});

afterEach(() => cleanup());

function tasksApp(color: boolean) {
	const data = fakeData();
	const scope = {kind: 'tasks', cluster: 'c', service: 'web'} as const;
	data.setScope({kind: 'clusters'}, [makeCluster('c')]);
	data.setScope({...scope, stopped: true}, [
		makeTask('c', 'aaaa-ok'),
		makeTask('c', 'bbbb-sick', {healthStatus: 'UNHEALTHY'}),
		makeTask('c', 'cccc-pending', {lastStatus: 'PENDING'}),
		makeTask('c', 'dddd-stopped', {lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stoppedReason: 'Essential container in task exited'}),
	]);
	const app = renderApp({store: data.store, poller: data.poller, cluster: 'c', service: 'web', color});
	return {data, app};
}

const lineOf = (raw: string, text: string) => raw.split('\n').find(l => stripAnsi(l).includes(text)) ?? '';

describe('colour', () => {
	it('colours rows by state', async () => {
		const {app} = tasksApp(true);
		await tick();
		await app.press('z');
		await app.waitForText('dddd-stopped');
		const raw = app.lastFrame()!;
		expect(lineOf(raw, 'bbbb-sick')).toMatch(/\u001B\[31m/);
		expect(lineOf(raw, 'cccc-pending')).toMatch(/\u001B\[33m/);
		expect(lineOf(raw, 'dddd-stopped')).toMatch(/\u001B\[2m/);
		expect(lineOf(raw, 'aaaa-ok')).not.toMatch(/\u001B\[3[13]m/);
	});

	it('paints no red into a healthy service selected: its blank ! and ATTENTION cells are not coloured', async () => {
		const data = fakeData();
		data.setScope({kind: 'clusters'}, [makeCluster('c')]);
		data.setScope({kind: 'services', cluster: 'c'}, [makeService('c', 'web'), makeService('c', 'api', {runningCount: 0})]);
		const app = renderApp({store: data.store, poller: data.poller, cluster: 'c', color: true});
		await app.waitForText('api');
		const raw = app.lastFrame()!;
		const selected = raw.split('\n').find(l => /^>/.test(stripAnsi(l)))!;
		expect(selected).toMatch(/\u001B\[7m/);
		expect(stripAnsi(selected)).toContain('web');
		expect(selected).not.toMatch(/\u001B\[31m/);
		// The service short of its tasks still has its red mark and reason.
		expect(lineOf(raw, 'api')).toMatch(/\u001B\[31m!/);
	});

	it('uses no colour under NO_COLOR, only inverse for the selection', async () => {
		expect(colorEnabled({NO_COLOR: '1'})).toBe(false);
		expect(colorEnabled({NO_COLOR: ''})).toBe(true);
		expect(colorEnabled({})).toBe(true);
		const {app} = tasksApp(false);
		await tick();
		await app.press('z');
		await app.waitForText('dddd-stopped');
		const raw = app.lastFrame()!;
		expect(raw).not.toMatch(/\u001B\[(3\d|9\d|38;)/);
		expect(lineOf(raw, 'aaaa-ok')).toMatch(/\u001B\[7m/);
	});
});

describe('terminal size', () => {
	it('follows resizes: never taller or wider than the terminal', async () => {
		const {render} = await import('ink');
		const {App} = await import('../../source/app.js');
		const data = fakeData();
		data.setScope({kind: 'clusters'}, Array.from({length: 60}, (_, i) => makeCluster(`cluster-${i}`)));
		data.setScope({kind: 'services', cluster: 'x'}, [makeService('x', 'web')]);
		const stdout = Object.assign(new EventEmitter(), {columns: 120, rows: 40, last: '', write(frame: string) { stdout.last = frame; return true; }});
		const stdin = Object.assign(new EventEmitter(), {isTTY: true, setEncoding() {}, setRawMode() {}, resume() {}, pause() {}, ref() {}, unref() {}, read: () => null});
		const instance = render(<App store={data.store} poller={data.poller} color={false} />, {stdout: stdout as never, stdin: stdin as never, debug: true, patchConsole: false});
		const fits = (columns: number, rows: number) => {
			const lines = stripAnsi(stdout.last).split('\n');
			expect(lines.length).toBeLessThanOrEqual(rows - 1);
			for (const line of lines) expect(line.length).toBeLessThanOrEqual(columns);
		};
		await vi.waitFor(() => expect(stdout.last).toContain('cluster-30'));
		fits(120, 40);
		Object.assign(stdout, {columns: 80, rows: 24});
		stdout.emit('resize');
		await vi.waitFor(() => expect(stdout.last).not.toContain('cluster-30'));
		fits(80, 24);
		Object.assign(stdout, {columns: 60, rows: 12});
		stdout.emit('resize');
		await vi.waitFor(() => expect(stdout.last).not.toContain('cluster-10'));
		fits(60, 12);
		instance.unmount();
	});
});
