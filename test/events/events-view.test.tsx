import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {eventsExtension} from '../../source/views/events-view.js';
import {makeService} from '../tui/fake-data.js';
import {expectFits, keys, renderApp, tick} from '../tui/render-app.js';
import {events, openFeed, world} from './view-world.js';

afterEach(() => cleanup());

describe('events pane', () => {
	it('e on a cluster opens its feed: every service merged, oldest at the top, newest at the bottom, following', async () => {
		const {app, data} = await openFeed();
		const frame = app.frame();
		expect(frame).toContain('clusters › prod events');
		expect(frame).toContain('following');
		const lines = app.lines().filter(l => /^11-22 /.test(l));
		expect(lines).toHaveLength(10);
		expect(lines.at(-1)).toMatch(/^11-22 02:01:59 {2}api {6}\(service api\) event 119 *$/);
		expect(lines[0]).toContain('event 110');
		expect(data.poller.focused.at(-1)).toBe('events|prod|');
		expectFits(frame, 100, 15);
	});

	it('follows new events, and after scrolling up counts them as "N new" until G', async () => {
		const {app, addEvents} = await openFeed();
		addEvents('web', events('web', 2, 200));
		await app.waitFor(f => expect(f).toContain('event 201'));
		await app.press('k');
		await app.waitForText('paused');
		addEvents('api', events('api', 3, 300));
		await app.waitForText('3 new ↓ G');
		expect(app.frame()).not.toContain('event 302');
		await app.press('G');
		await app.waitForText('following');
		expect(app.frame()).toContain('event 302');
	});

	it('scrolls with j/k, g and PgUp/PgDn, and scrolling to the end follows again', async () => {
		const {app} = await openFeed();
		await app.press('g');
		await app.waitFor(f => expect(f.split('\n').find(l => l.startsWith('11-22'))).toContain('event 0'));
		await app.press('j');
		await app.waitFor(f => expect(f.split('\n').find(l => l.startsWith('11-22'))).toContain('event 1'));
		await app.press(keys.pageDown);
		await app.waitFor(f => expect(f.split('\n').find(l => l.startsWith('11-22'))).toContain('event 11'));
		await app.press(keys.pageDown + keys.pageDown + keys.pageDown);
		await app.waitForText('following');
		await app.press(keys.pageUp);
		await app.waitForText('paused');
	});

	it('shows each event once even when the same events arrive again, and keeps events that share a timestamp', async () => {
		const {app, addEvents} = await openFeed();
		const same = events('web', 1, 500).map(e => ({...e, id: 'dup-a'}));
		const twin = {...same[0]!, id: 'dup-b', message: '(service web) twin event'};
		addEvents('web', [twin, ...same]);
		addEvents('web', []);
		await app.waitForText('twin event');
		expect(app.frame().match(/event 500/g)).toHaveLength(1);
		expect(app.frame().match(/twin event/g)).toHaveLength(1);
	});

	it('e on a service shows only its events, without a service column', async () => {
		const w = world();
		w.data.setScope({kind: 'events', cluster: 'prod', service: 'web'}, [makeService('prod', 'web', {events: events('web', 3, 700)})]);
		const app = renderApp({store: w.data.store, poller: w.data.poller, rows: 16, columns: 100, extensions: [eventsExtension], cluster: 'prod'});
		await tick();
		await app.waitForText('SERVICES');
		expect(app.selectedLine()).toContain('web');
		await app.press('e');
		await app.waitForText('web events');
		const lines = app.lines().filter(l => l.startsWith('11-22'));
		expect(lines).toEqual(['11-22 02:11:40  (service web) event 700', '11-22 02:11:41  (service web) event 701', '11-22 02:11:42  (service web) event 702']);
	});
});
