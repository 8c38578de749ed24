// y, Y and O across panes against the simulator: a table row, the describe view of it, its events
// pane, and the logs pane's cursor line. The outside world is a fake: no real clipboard command or
// browser runs in tests (ink-testing-library's stdout is no terminal, so copies go to the command).
import {describe, expect, it} from 'vitest';
import {defaultExtensions} from '../../source/app/extensions.js';
import {clipboardExtension, type ClipboardSystem} from '../../source/views/clipboard/extension.js';
import type {Command} from '../../source/views/clipboard/system.js';
import {keys} from '../tui/render-app.js';
import {closeAppsAfterEach, start} from '../views/app.js';

closeAppsAfterEach();

function fakeSystem() {
	const ran: Array<{cmd: Command; input?: string}> = [];
	const system: ClipboardSystem = {
		env: {DISPLAY: ':0'},
		platform: 'linux',
		which: name => (name === 'xclip' || name === 'xdg-open' ? `/usr/bin/${name}` : undefined),
		run: (cmd, input) => void ran.push({cmd, input}),
	};
	return {system, ran, copied: () => ran.filter(r => r.cmd.command === 'xclip').map(r => r.input), opened: () => ran.filter(r => r.cmd.command.endsWith('xdg-open')).map(r => r.cmd.args[0])};
}

describe('copy and open in each pane', () => {
	it('a service row, its description and its events pane', async () => {
		const fake = fakeSystem();
		const extensions = [...defaultExtensions().filter(e => e.id !== 'clipboard'), clipboardExtension(fake.system)];
		const app = await start({app: {cluster: 'production', extensions, columns: 160}});
		await app.until(f => expect(f).toMatch(/^> .* web /m));
		await app.press('y');
		await app.waitForText('copied (xclip) ARN: arn:aws:ecs:us-east-1:');
		const arn = fake.copied()[0]!;
		expect(arn).toMatch(/^arn:aws:ecs:us-east-1:\d{12}:service\/production\/web$/);
		await app.press('Y');
		await app.waitFor(() => expect(fake.copied()).toEqual([arn, 'web']));

		await app.press('d');
		await app.until(f => expect(f).toMatch(/^DESCRIBE /m));
		await app.press('y');
		await app.waitFor(() => expect(fake.copied()).toEqual([arn, 'web', arn]));
		await app.press('O');
		await app.waitFor(() => expect(fake.opened()).toEqual(['https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/production/services/web/health?region=us-east-1']));

		await app.press(keys.escape);
		await app.press('e');
		await app.until(f => expect(f).toMatch(/^EVENTS /m));
		await app.press('y');
		await app.waitFor(() => expect(fake.copied().at(-1)).toBe(arn));
		await app.press('O');
		await app.waitFor(() => expect(fake.opened()).toHaveLength(2));
		expect(fake.opened()[1]).toBe(fake.opened()[0]);
	});
});
