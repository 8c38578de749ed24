// node:child_process for the files that start a process now and then (the demo's simulator, the
// session plugin, the clipboard's command, a credential_process): taken when the first one starts,
// not as they load. The TUI loads them all before its first frame and runs none of them there, and
// loading the module was 1.5 ms of every start.
import process from 'node:process';

export function childProcess(): typeof import('node:child_process') {
	return process.getBuiltinModule('node:child_process');
}
