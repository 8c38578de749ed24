// Control characters and escape sequences planted in the simulator's names, events, stop reasons
// and task definitions never reach a frame, whichever view draws them: tables, the filter prompt,
// the events pane, describe views and the task definition. Rendered without colour, so the only
// escape codes Ink may write are bold, dim and inverse.
import {ListTasksCommand, StopTaskCommand} from '@aws-sdk/client-ecs';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {keys} from '../tui/render-app.js';
import {closeAppsAfterEach, start, type App} from './app.js';

closeAppsAfterEach();
afterEach(() => vi.unstubAllEnvs());

// No '/' in it: ECS names cannot hold one, and the simulator's ARNs would not parse.
const evil = '\u001B[2J\u001B[H\u001B]0;owned\u0007\u001B]8;;https:x\u0007\u009B31m\u0007\u0008\u007F\r\n\u001BP1$r\u001B\\';

/** Fails if the raw frame holds a control character other than a newline and Ink's own styling. */
function expectClean(app: App) {
	const raw = app.lastFrame() ?? '';
	const styling = /\u001B\[(?:0|1|2|7|22|27)?m/g;
	const rest = raw.replace(styling, '');
	const bad = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/.exec(rest);
	expect(bad, bad ? JSON.stringify(rest.slice(Math.max(0, bad.index - 30), bad.index + 10)) : '').toBeNull();
	expect(rest).not.toMatch(/owned|\]8;;|\[2J/);
}

describe('planted control characters', () => {
	it('never reach a frame', async () => {
		vi.stubEnv('NO_COLOR', '1');
		const app = await start({app: {cluster: 'production', columns: 120, rows: 50}});
		const world = app.sim.sim.world;
		const prod = world.cluster('production');
		world.renameService(prod.services.get('worker')!, `worker${evil}x`);
		world.addEvent(prod.services.get('web')!, `(service web) ${evil} planted event`);
		const td = world.addTaskDefinition({
			family: 'evil',
			networkMode: 'bridge',
			containers: [{
				name: `c${evil}`,
				image: `img${evil}`,
				essential: true,
				portMappings: [{containerPort: 80, protocol: `tcp${evil}`}],
				environment: [{name: `SECRET${evil}`, value: `hunter2${evil}`}],
				logConfiguration: {logDriver: `awslogs${evil}`, options: {[`k${evil}`]: `v${evil}`}},
			}],
		});
		world.addService(prod, {name: `svc${evil}`, taskDefinition: td, desiredCount: 1});
		const listed = await app.sim.client.send(new ListTasksCommand({cluster: 'production', serviceName: 'web'}));
		await app.sim.client.send(new StopTaskCommand({cluster: 'production', task: listed.taskArns![0]!, reason: `stopped${evil}by test`}));
		await app.sim.advance(30);

		await app.until(f => expect(f).toMatch(/worker {2}x /));
		expectClean(app);
		// The filter prompt and header show what was typed, cleaned.
		await app.press('/r  x');
		await app.waitFor(f => expect(f).toMatch(/^\/r {2}x/m));
		expectClean(app);
		await app.press(keys.enter);
		await app.press(keys.escape);
		// The services' events.
		await app.press('g');
		await app.press('e');
		await app.until(f => expect(f).toMatch(/\(service web\) +planted event/));
		expectClean(app);
		await app.press(keys.escape);
		// Describe each planted service, then its task definition.
		for (const name of ['worker', 'svc']) {
			await app.press(`/${name}\r`);
			await app.until(f => expect(f.split('\n').find(l => l.startsWith('>'))).toContain(name));
			await app.press('d');
			await app.until(f => expect(f).toMatch(/^DESCRIBE /m));
			await app.step(500);
			// Ink drops most control characters itself, but a newline would break the layout: the ARN stays one line.
			expect(app.frame()).toMatch(/^ {2}ARN +arn:aws:ecs:\S+\/(worker {2}x|svc) *$/m);
			for (let i = 0; i < 4; i++) {
				expectClean(app);
				await app.press(keys.pageDown);
			}
			await app.press('T');
			await app.until(f => expect(f).toMatch(/^task definition \w+:1(.*\n)*CONTAINERS/m));
			expectClean(app);
			if (name === 'svc') {
				expect(app.frame()).toMatch(/environment +SECRET +\(names only\)/);
				expect(app.frame()).toMatch(/image +img *$/m);
				expect(app.frame()).not.toContain('hunter2');
			}
			// Back to the services, and the filter cleared.
			for (let i = 0; i < 3; i++) await app.press(keys.escape);
		}
		await app.until(f => expect(f).toMatch(/^SERVICES /m));
		// The stopped task's reason, in the table and described.
		await app.press('/web\r');
		await app.press(keys.enter);
		await app.press('z');
		await app.until(f => expect(f).toMatch(/stopped {2}by test/));
		expectClean(app);
		await app.press('/by test\r');
		await app.press('d');
		await app.until(f => expect(f).toMatch(/stopped reason +stopped {2}by test/));
		expectClean(app);
	});
});
