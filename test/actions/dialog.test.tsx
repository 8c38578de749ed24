// The dialog itself, against a fake store and an EcsApi whose answers the test releases: polling
// pauses while it is open and resumes for the result, keys are ignored while the call runs (one
// confirmation, one call), and the confirmation fits a short screen with "+N more".
import {render} from 'ink-testing-library';
import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import type {EcsApi, ServiceUpdate} from '../../source/aws/ecs-api.js';
import {ConfirmDialog} from '../../source/components/confirm-dialog.js';
import type {Service} from '../../source/domain.js';
import {fakeData, makeService} from '../tui/fake-data.js';
import {renderApp, stripAnsi, tick} from '../tui/render-app.js';

afterEach(() => cleanup());

/** updateService answers only when the test calls release() (or fail()). */
function gatedApi(current: () => Service) {
	const calls: ServiceUpdate[] = [];
	let release: (s: Service) => void = () => {};
	let fail: (e: Error) => void = () => {};
	const api = {
		// The dialog re-reads the service as it opens and before the confirmation.
		describeServices: async () => ({items: [current()], failures: []}),
		updateService: (_cluster: string, _service: string, update: ServiceUpdate) => {
			calls.push(update);
			return new Promise<Service>((resolve, reject) => {
				release = resolve;
				fail = reject;
			});
		},
	} as unknown as EcsApi;
	return {api, calls, release: (s: Service) => release(s), fail: (e: Error) => fail(e)};
}

async function setup() {
	const data = fakeData();
	const web = makeService('prod', 'web', {desiredCount: 2});
	data.setScope({kind: 'services', cluster: 'prod'}, [web]);
	const gate = gatedApi(() => web);
	const app = renderApp({store: data.store, poller: data.poller, api: gate.api, cluster: 'prod', rows: 30, columns: 120});
	await tick();
	await app.waitForText('web');
	return {data, app, gate, web};
}

describe('action dialog', () => {
	it('pauses polling while open, ignores keys while the call runs, and refreshes after the answer', async () => {
		const {data, app, gate, web} = await setup();
		expect(data.poller.paused).toBe(0);
		await app.press('s');
		await app.waitForText('new desired count:');
		expect(data.poller.paused).toBe(1);
		await app.press('5\r');
		await app.confirm();
		await app.waitForText('sending UpdateService desiredCount=5…');
		await app.press('yyy\r');
		await tick();
		expect(gate.calls).toEqual([{desiredCount: 5}]);
		expect(app.frame()).toContain('sending UpdateService');
		expect(data.poller.paused).toBe(1);
		// Esc hides the dialog while the call runs; the answer comes to the status line.
		await app.press('\u001B');
		await app.waitForText("sent UpdateService desiredCount=5: waiting for ECS's answer");
		expect(app.frame()).not.toContain('sending UpdateService');
		gate.release({...web, desiredCount: 5});
		await app.waitForText('scaled web: desired 2 → 5');
		await app.waitFor(() => expect(data.poller.paused).toBe(0));
		expect(data.poller.refreshed).toContain('services|prod');
		expect(gate.calls).toHaveLength(1);
	});

	it('a failure keeps the dialog with what was not done, without holding polling back', async () => {
		const {data, app, gate} = await setup();
		await app.press('s7\r');
		await app.confirm();
		await app.waitForText('sending');
		gate.fail(Object.assign(new Error('User: x is not authorized to perform: ecs:UpdateService'), {name: 'AccessDeniedException', $metadata: {httpStatusCode: 400}}));
		await app.waitForText('NOT done: scale web (desired 2 → 7): access denied');
		expect(app.frame()).toContain('Enter or Esc closes');
		await app.waitFor(() => expect(data.poller.paused).toBe(0));
		await app.press('\u001B');
		await app.waitFor(f => expect(f).not.toContain('Enter or Esc closes'));
	});

	it('fits a short screen: the targets give way to "+N more", the keys line stays', () => {
		const targets = Array.from({length: 15}, (_, i) => `task-${String(i).padStart(2, '0')}`);
		const frame = (height: number) =>
			stripAnsi(
				render(
					<ConfirmDialog title="Stop 15 tasks?" where={[['account', '1'], ['region', 'r'], ['cluster', 'c']]} targets={targets} call="StopTask ×15" effect={['e1', 'e2']} extras={[['reason', 'why']]} keys={[['y', 'stop'], ['n/Esc', 'cancel']]} phase="confirm" width={80} height={height} color={false} />,
				).lastFrame() ?? '',
			);
		const tall = frame(30);
		expect(tall).toContain('task-09');
		expect(tall).not.toContain('task-10');
		expect(tall).toContain('+5 more');
		const short = frame(12);
		expect(short.split('\n').length).toBeLessThanOrEqual(12);
		expect(short).toMatch(/\+1[0-9] more/);
		expect(short).toContain('y stop   n/Esc cancel');
		expect(short).toContain('reason  why');
	});
});
