// The plug-in surface other features build on: overlays take keys first, a feature's key takes
// the place of the app's own where it binds it, Esc closes what a feature has open before going
// back, row transforms, header notes, marks, and the header's data states (loading progress,
// throttled, stale, errors).
import {EventEmitter} from 'node:events';
import {render, Text} from 'ink';
import {App} from '../../source/app.js';
import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it, vi} from 'vitest';
import type {Cluster} from '../../source/domain.js';
import type {Extension, Overlay} from '../../source/views/types.js';
import {fakeData, makeCluster} from './fake-data.js';
import {keys, renderApp, tick} from './render-app.js';

afterEach(() => cleanup());

function setup(extensions: Extension[] = [], n = 5) {
	const data = fakeData();
	data.setScope({kind: 'clusters'}, Array.from({length: n}, (_, i) => makeCluster(`c${i}`)));
	return {data, app: renderApp({store: data.store, poller: data.poller, extensions})};
}

describe('plug-in surface', () => {
	it('a modal overlay takes every key before the pane, and closes itself', async () => {
		const seen: string[] = [];
		const dialog: Overlay = {
			id: 'dialog',
			placement: 'modal',
			pausesPolling: true,
			render: size => <Text>{`DIALOG ${size.columns}x${size.rows}`}</Text>,
			onKey: (event, ctx) => {
				seen.push(event.name);
				if (event.name === 'escape') ctx.closeOverlay('dialog');
			},
		};
		const {data, app} = setup([{id: 'test', keys: [{id: 'describe', run: ctx => ctx.openOverlay(dialog)}]}]);
		await tick();
		await app.waitForText('c0');
		await app.press('d');
		await app.waitForText('DIALOG 100x19');
		expect(data.poller.paused).toBe(1);
		await app.press('jjq');
		await app.press(keys.escape);
		await app.waitFor(f => expect(f).not.toContain('DIALOG'));
		expect(seen).toEqual(['j', 'j', 'q', 'escape']);
		expect(app.selectedLine()).toContain('c0');
		expect(data.poller.paused).toBe(0);
	});

	it('a prompt overlay takes the status line and keys, leaving the table', async () => {
		let text = '';
		const prompt = (): Overlay => ({
			id: 'prompt',
			placement: 'prompt',
			render: () => <Text>{`/${text}`}</Text>,
			onKey: (event, ctx) => {
				if (event.name === 'enter') return ctx.closeOverlay('prompt');
				text += event.text;
				ctx.openOverlay(prompt());
			},
		});
		const {app} = setup([{id: 'test', keys: [{id: 'filter', run: ctx => ctx.openOverlay(prompt())}]}]);
		await tick();
		await app.waitForText('c0');
		await app.press('/web');
		await app.waitForText('/web');
		await app.press('\rj');
		await app.waitFor(() => expect(app.selectedLine()).toContain('c1'));
		expect(text).toBe('web');
	});

	it('Esc closes what a feature has open before going back; transforms, notes and marks apply', async () => {
		const calls: string[] = [];
		const ext: Extension = {
			id: 'filter',
			closeInnermost: ctx => {
				calls.push('back');
				if (!ctx.viewState.get('q')) return false;
				ctx.viewState.set('q', undefined);
				return true;
			},
			keys: [
				{id: 'filter', run: ctx => ctx.viewState.set('q', '3')},
				{
					id: 'mark',
					panes: ['tasks'],
					run: ctx => {
						const marks = new Set(ctx.viewState.get<Set<string>>('marks'));
						marks.add(ctx.selectedId!);
						ctx.viewState.set('marks', marks);
					},
				},
			],
			transformRows: (rows, ctx) => {
				const q = ctx.viewState.get<string>('q');
				return q ? rows.filter(r => (r as Cluster).clusterName.includes(q)) : rows;
			},
			headerNote: ctx => (ctx.viewState.get('q') ? `filter: ${ctx.viewState.get('q')}` : undefined),
			markedIds: ctx => ctx.viewState.get('marks'),
		};
		const {data, app} = setup([ext]);
		data.setScope({kind: 'services', cluster: 'c0'}, []);
		await tick();
		await app.waitForText('c4');
		await app.press('/');
		await app.waitForText('[filter: 3]');
		expect(app.frame()).not.toContain('c4');
		expect(app.selectedLine()).toContain('c3');
		await app.press(keys.escape);
		await app.waitForText('c4');
		expect(calls).toEqual(['back']);
		// No filter now: Esc passes on to the built-in back, which at the top level just says so.
		await app.press(keys.escape);
		await app.waitForText('at the top level');
		expect(calls).toEqual(['back', 'back']);
	});

	it('a failing handler or overlay is reported on the status line, and the app goes on', async () => {
		const broken: Overlay = {id: 'broken', placement: 'modal', render: () => <Text>BROKEN</Text>, onKey: () => { throw new Error('dialog fell over\nstack'); }};
		const {app} = setup([{id: 'test', keys: [{id: 'describe', run: ctx => ctx.openOverlay(broken)}, {id: 'events', run: async () => { throw new Error('events failed'); }}]}]);
		await tick();
		await app.waitForText('c0');
		await app.press('e');
		await app.waitForText('events failed');
		await app.press('d');
		await app.waitForText('BROKEN');
		await app.press('x');
		await app.waitForText('dialog fell over');
		expect(app.frame()).not.toContain('stack');
	});

	it('marks show in the gutter (tasks pane)', async () => {
		const ext: Extension = {id: 'marks', markedIds: () => new Set(['arn:aws:ecs:eu-west-1:123456789012:cluster/c1'])};
		const {app} = setup([ext]);
		await tick();
		await app.waitForText('c1');
		expect(app.lines().find(l => l.includes('c1'))).toMatch(/^ \*c1/);
	});
});

describe('header states', () => {
	it('shows loading progress, throttling, stale data and errors', async () => {
		let now = 1_000_000;
		const data = fakeData(() => now);
		data.setScope({kind: 'clusters'}, [], {loading: true, updatedAt: undefined, loaded: 340, total: 2000});
		const app = renderApp({store: data.store, poller: data.poller, now: () => now, env: {region: 'eu-west-1', profile: 'ops'}});
		await tick();
		await app.waitForText('loaded 340 of 2,000');
		expect(app.frame()).toContain('profile ops');
		expect(app.frame()).toContain('eu-west-1');
		data.setApi({state: 'throttled', backoffUntil: now + 3000});
		await app.waitForText('throttled, backing off 3 s');
		data.setScope({kind: 'clusters'}, [makeCluster('c0')], {updatedAt: now - 65_000, stale: true, staleSince: now - 60_000, error: {name: 'ServerError', message: 'ECS returned a server error (HTTP 500)'}});
		data.setApi({state: 'error', message: 'ECS returned a server error (HTTP 500)'});
		await app.waitForText('stale since 00:15:40 (1m)');
		expect(app.frame()).toContain('error: ECS returned a server error');
		now += 1000;
		data.setScope({kind: 'clusters'}, [makeCluster('c0')], {updatedAt: now - 2000, intervalMs: 5000});
		data.setApi({state: 'ok'});
		await app.waitForText('updated 2s ago, every 5s');
		expect(app.frame()).toContain('API ok');
	});

	it('shows a first-load error in the body', async () => {
		const data = fakeData();
		data.setScope({kind: 'services', cluster: 'nope'}, [], {updatedAt: undefined, error: {name: 'ClusterNotFoundException', message: 'Cluster not found.'}});
		data.setScope({kind: 'clusters'}, [makeCluster('c0')]);
		const app = renderApp({store: data.store, poller: data.poller, cluster: 'nope'});
		await tick();
		await app.waitForText('ClusterNotFoundException: Cluster not found.');
	});

	it('exits after the first data with exitAfterFirstRender', async () => {
		const data = fakeData();
		const stdout = Object.assign(new EventEmitter(), {columns: 100, frames: [] as string[], write(frame: string, done?: () => void) { stdout.frames.push(frame); done?.(); return true; }});
		const stdin = Object.assign(new EventEmitter(), {isTTY: false, setEncoding() {}, setRawMode() {}, resume() {}, pause() {}, ref() {}, unref() {}, read: () => null});
		const instance = render(<App store={data.store} poller={data.poller} exitAfterFirstRender color={false} />, {
			stdout: stdout as never,
			stdin: stdin as never,
			debug: true,
			patchConsole: false,
		});
		let exited = false;
		void instance.waitUntilExit().then(() => (exited = true));
		await tick();
		expect(exited).toBe(false);
		data.setScope({kind: 'clusters'}, [makeCluster('c0')]);
		await vi.waitFor(() => expect(exited).toBe(true));
		expect(stdout.frames.filter(f => f.trim()).at(-1)).toContain('c0');
	});
});
