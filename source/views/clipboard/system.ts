// The system's clipboard command and browser opener, found on PATH. Always spawned with an argument
// array (never a shell string: an ARN or a URL is data, not a command line), detached, output
// ignored: the app never waits on them and never shows what they print over its frame.
import {childProcess} from '../../child-process.js';
import {accessSync, constants} from 'node:fs';
import path from 'node:path';

export type Which = (command: string) => string | undefined;

/** The first executable `command` on PATH (PATHEXT on Windows). */
export function whichOnPath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): Which {
	const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
	const exts = platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
	return command => {
		for (const dir of dirs) {
			for (const ext of exts) {
				const file = path.join(dir, command + ext);
				try {
					accessSync(file, constants.X_OK);
					return file;
				} catch {
					// not here
				}
			}
		}
		return undefined;
	};
}

export interface Command {
	command: string;
	args: string[];
}

/** Whether a window can plausibly be opened: over SSH only with a forwarded display. */
export function displayPlausible(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): boolean {
	const ssh = Boolean(env.SSH_CONNECTION || env.SSH_TTY || env.SSH_CLIENT);
	const display = Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
	if (platform === 'darwin' || platform === 'win32') return !ssh;
	// X forwarding over SSH sets DISPLAY: a browser can open then. WSL's wslview needs no display.
	return display || (Boolean(env.WSL_DISTRO_NAME) && !ssh);
}

/**
 * The browser opener: `open` on macOS, `cmd /c start` on Windows, `wslview` under WSL, `xdg-open`
 * elsewhere; undefined where none is found or no display is plausible (then `O` shows the URL).
 */
export function browserOpener(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, which: Which): ((url: string) => Command) | undefined {
	if (!displayPlausible(env, platform)) return undefined;
	if (platform === 'darwin') return which('open') ? url => ({command: 'open', args: [url]}) : undefined;
	// `start`'s first quoted argument is a window title: an empty one keeps the URL the target.
	if (platform === 'win32') return url => ({command: 'cmd', args: ['/c', 'start', '""', url]});
	if (env.WSL_DISTRO_NAME && which('wslview')) return url => ({command: 'wslview', args: [url]});
	const xdg = which('xdg-open');
	return xdg ? url => ({command: xdg, args: [url]}) : undefined;
}

/** The clipboard command that reads the text on stdin, where one is on PATH. */
export function clipboardCommand(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, which: Which): Command | undefined {
	if (platform === 'darwin') return which('pbcopy') ? {command: 'pbcopy', args: []} : undefined;
	if (platform === 'win32' || env.WSL_DISTRO_NAME) {
		if (which('clip.exe') || which('clip')) return {command: which('clip.exe') ? 'clip.exe' : 'clip', args: []};
	}
	if (env.WAYLAND_DISPLAY && which('wl-copy')) return {command: 'wl-copy', args: []};
	if (env.DISPLAY && which('xclip')) return {command: 'xclip', args: ['-selection', 'clipboard']};
	if (env.DISPLAY && which('xsel')) return {command: 'xsel', args: ['--clipboard', '--input']};
	return undefined;
}

/** Starts `cmd` detached, its output ignored; `input` goes to its stdin. Errors are reported, not thrown. */
export function runDetached(cmd: Command, input?: string, onError?: (error: Error) => void): void {
	try {
		const child = childProcess().spawn(cmd.command, cmd.args, {detached: true, stdio: [input === undefined ? 'ignore' : 'pipe', 'ignore', 'ignore'], windowsHide: true});
		child.on('error', error => onError?.(error));
		if (input !== undefined) {
			child.stdin?.on('error', () => {});
			child.stdin?.end(input);
		}
		child.unref();
	} catch (error) {
		onError?.(error as Error);
	}
}
