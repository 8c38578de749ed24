// Keeps the poller in step with the navigation stack: every view's scopes are open (so going
// back shows recent data), the top view's first scope is focused (refreshed most often), and
// polling pauses while an overlay that is about to act is open.
import {useEffect, useRef} from 'react';
import {scopeKey, type PollControl, type Scope} from '../store/types.js';
import type {PaneDef, ViewEntry} from '../views/types.js';

export function usePolling(poller: PollControl, stack: readonly ViewEntry[], def: (view: ViewEntry) => PaneDef, paused: boolean): void {
	const open = useRef(new Map<string, () => void>());

	useEffect(() => {
		const wanted = new Map<string, Scope>();
		for (const view of stack) {
			for (const scope of def(view).scopes(view)) wanted.set(scopeKey(scope), scope);
		}
		for (const [key, close] of open.current) {
			if (!wanted.has(key)) {
				close();
				open.current.delete(key);
			}
		}
		for (const [key, scope] of wanted) {
			if (!open.current.has(key)) open.current.set(key, poller.open(scope));
		}
		const top = stack.at(-1);
		const focus = top ? def(top).scopes(top)[0] : undefined;
		if (focus) poller.focus(focus);
	}, [poller, stack, def]);

	useEffect(
		() => () => {
			for (const close of open.current.values()) close();
			open.current.clear();
		},
		[],
	);

	useEffect(() => {
		if (!paused) return;
		poller.pause();
		return () => poller.resume();
	}, [poller, paused]);
}
