// The config file's `columns`: a pane shows the columns named, in that order; other panes keep all.
import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {fakeData, makeCluster, makeService} from '../tui/fake-data.js';
import {renderApp, tick} from '../tui/render-app.js';

afterEach(() => cleanup());

function servicesApp(columnSets?: Record<string, string[]>) {
	const data = fakeData();
	data.setScope({kind: 'clusters'}, [makeCluster('c')]);
	data.setScope({kind: 'services', cluster: 'c'}, [makeService('c', 'web'), makeService('c', 'api')]);
	return renderApp({store: data.store, poller: data.poller, cluster: 'c', columns: 120, rows: 20, columnSets});
}

const header = (frame: string) => frame.split('\n').find(l => / NAME /.test(l))?.trim().split(/\s+/) ?? [];

describe('column sets from the config file', () => {
	it('shows the named columns in the named order on that pane only', async () => {
		const app = servicesApp({services: ['desired', 'name', 'memoryUtilization']});
		await app.waitForText('web');
		expect(header(app.frame())).toEqual(['DESIRED', 'NAME', 'MEM%']);
		await app.press('\u001B');
		await app.waitFor(f => expect(f).toMatch(/^CLUSTERS /m));
		await tick();
		expect(header(app.frame()).slice(0, 3)).toEqual(['NAME', 'STATUS', 'SERVICES']);
	});

	it('without a set, every column', async () => {
		const app = servicesApp();
		await app.waitForText('web');
		expect(header(app.frame()).slice(0, 5)).toEqual(['!', 'NAME', 'STATUS', 'DESIRED', 'RUNNING']);
	});
});
