// When this process next starts an HTTP request, whichever client sends it (node:http's
// `http.client.request.start` channel, published for https too): by then the SDK's own work for a
// call is done (shared files read, credentials resolved, the request signed) and what is left is
// the network's. The TUI loads its UI in that wait, not before it (commands/tui.ts): loaded first,
// the UI's 50 ms of work held the preflight call back, so the request left after it, not before.
import {subscribe, unsubscribe} from 'node:diagnostics_channel';

const channel = 'http.client.request.start';

/** Resolves with 'request' when the next HTTP request starts, or with 'timeout' after `timeoutMs`. */
export function nextRequestStart(timeoutMs: number): Promise<'request' | 'timeout'> {
	return new Promise(resolve => {
		const done = (why: 'request' | 'timeout') => {
			unsubscribe(channel, started);
			clearTimeout(timer);
			resolve(why);
		};
		const started = () => done('request');
		// Unref'd: a start that fails before any request (a bad profile) exits without waiting for it.
		const timer = setTimeout(() => done('timeout'), timeoutMs).unref();
		subscribe(channel, started);
	});
}
