// The frame: header (2 lines), body (table, custom pane or modal overlay), status line (or a
// prompt overlay) and hint bar. It is always exactly `rows - 1` lines and `columns` wide: a
// frame as tall as the terminal makes Ink clear the screen on every update.
import {Box, useInput, usePaste, useStdin, type Key} from 'ink';
import {useCallback, useEffect, useMemo, useRef, useSyncExternalStore} from 'react';
import {keyEvents} from '../components/keys.js';
import {windowStart} from '../components/table-layout.js';
import {useNow} from '../components/use-now.js';
import {useTerminalSize, type TerminalSize} from '../components/use-terminal-size.js';
import {scopeKey, type PollControl, type ReadableStore, type Scope} from '../store/types.js';
import {Header} from '../views/header.js';
import {HintBar} from '../views/hint-bar.js';
import {StatusLine} from '../views/status-line.js';
import {TablePane} from '../views/table-pane.js';
import type {AppEnv, Extension} from '../views/types.js';
import type {Controller} from './controller.js';
import {trace, tracing} from './trace.js';
import {usePolling} from './use-polling.js';
import {useMetricsWants, wantedTargets} from './use-metrics.js';
import type {MetricsControl} from '../store/metrics/poller.js';
import {visiblyChanged} from './visible-change.js';

export interface ShellProps {
	controller: Controller;
	store: ReadableStore;
	poller: PollControl;
	/** CPU/MEM utilization (CloudWatch); absent: the columns say `off`. */
	metrics?: MetricsControl;
	env: AppEnv;
	extensions: readonly Extension[];
	size?: Partial<TerminalSize>;
	color: boolean;
	now: () => number;
	/** Called once the focused scope has data or an error (for --exit-after-first-render). */
	onFirstData?: () => void;
}

/** Lines around the body: 2 header lines, the status line and the hint bar. */
const chrome = 4;

export function Shell(props: ShellProps) {
	const {controller, store, poller, metrics, env, extensions, color, now, onFirstData} = props;
	const ui = useSyncExternalStore(controller.ui.subscribe, controller.ui.getSnapshot);
	const subscribe = useMemo(() => subscribeVisible(store), [store]);
	const snapshot = useSyncExternalStore(subscribe, store.getSnapshot);
	const size = useTerminalSize(props.size);
	const nowMs = now();
	const {isRawModeSupported} = useStdin();
	const onInput = useCallback(
		(input: string, key: Key) => {
			if (tracing) trace('key', {input});
			controller.handleKeys(keyEvents(input, key));
		},
		[controller],
	);
	useInput(onInput, {isActive: isRawModeSupported === true});
	// Mounted for the app's whole life: it switches the terminal's bracketed paste on (and Ink
	// switches it off on every exit), and without a paste handler Ink hands pasted text to
	// useInput as if it were typed, where `x…y` would stop a task.
	const onPaste = useCallback((text: string) => controller.handlePaste(text), [controller]);
	usePaste(onPaste, {isActive: isRawModeSupported === true});

	const view = ui.stack.at(-1)!;
	const def = controller.def(view);
	const modal = ui.overlays.findLast(o => o.placement === 'modal');
	const prompt = ui.overlays.findLast(o => o.placement === 'prompt');
	usePolling(poller, ui.stack, controller.def, ui.overlays.some(o => o.pausesPolling));

	const frameRows = Math.max(chrome + 2, size.rows - 1);
	const body = {columns: size.columns, rows: frameRows - chrome};
	controller.bodySize = body;
	const rows = controller.rows(view, snapshot);
	const index = controller.selectedIndex(view, rows);
	const tops = useRef(new Map<string, number>());
	const top = windowStart(tops.current.get(view.id) ?? 0, Math.max(0, index), body.rows - 1, rows.length);
	tops.current.set(view.id, top);
	const scopes = def.scopes(view).map(s => snapshot.scopes.get(scopeKey(s)));
	const rowsCtx = {view, def, viewState: controller.ui.viewState(view.id), snapshot, now: nowMs};
	const notes = extensions.flatMap(e => e.headerNote?.(rowsCtx) ?? []);
	const marked = extensions.map(e => e.markedIds?.(rowsCtx)).find(Boolean);

	const focusScope = def.scopes(view)[0];
	const visible = rows.slice(top, top + body.rows - 1);
	const visibleIds = (def.visibleIds?.(view, visible) ?? (def.rowId ? visible.map(r => def.rowId!(r)) : [])).join('\n');
	useMetricsWants(metrics, wantedTargets(def, rowsCtx.viewState, rows, visible, snapshot));
	useEffect(() => {
		const visibility = poller as PollControl & {setVisible?(scope: Scope, ids: readonly string[]): void};
		if (focusScope && visibility.setVisible) visibility.setVisible(focusScope, visibleIds ? visibleIds.split('\n') : []);
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [poller, focusScope && scopeKey(focusScope), visibleIds]);

	// Every repaint is a whole Ink frame, and refreshes that change nothing repaint nothing. The
	// clock ticks every 10 s, and each second only when the age must be seen moving: data late, a backoff
	// countdown, loading, or a status message to fade; a slow refresh (a big scope on a tight
	// budget) shows its age growing in 5 s steps until it is late. Decided from the live state
	// when the timer fires, so a refresh that landed meanwhile postpones the tick.
	const focusKey = focusScope && scopeKey(focusScope);
	useNow(now, renderedAt => {
		const live = store.getSnapshot();
		const t = now();
		const focused = focusKey === undefined ? undefined : live.scopes.get(focusKey);
		const status = controller.ui.getSnapshot().status;
		const lateAt = focused?.updatedAt === undefined ? t : focused.updatedAt + Math.max(focused.intervalMs, 1000) + 1000;
		const busy = Boolean(focused?.stale) || live.api.state !== 'ok' || (status !== undefined && t - status.at < 16_000);
		if (busy || t >= lateAt) return renderedAt + 1000 - t;
		// Ages in cells ("42s") and the header still move at least every 10 s.
		return Math.min(renderedAt + ((focused?.intervalMs ?? 0) > 5000 ? 5000 : 10_000), lateAt) - t;
	});

	// After the commit that drew it: a confirmation counts its guard time from here.
	useEffect(() => {
		modal?.shown?.(now());
	});

	const ready = scopes[0]?.updatedAt !== undefined || scopes[0]?.error !== undefined;
	useEffect(() => {
		if (ready) onFirstData?.();
	}, [ready, onFirstData]);

	let content;
	if (modal) content = modal.render(body, controller.ui.overlayState(modal));
	else if (def.render) content = def.render({view, snapshot, size: body, color, viewState: rowsCtx.viewState, rows: def.rows ? rows : undefined, now: nowMs});
	else {
		// Extensions may redraw the columns (the sorted one's header is marked).
		const columns = def.columns && extensions.reduce((cols, e) => (e.columns ? e.columns(cols, rowsCtx) : cols), def.columns(view));
		content = (
			<TablePane def={def} view={view} snapshot={snapshot} viewState={rowsCtx.viewState} rows={rows} columns={columns} selected={index} top={top} size={body} scopes={scopes} marked={marked} color={color} now={nowMs} />
		);
	}

	// Clipped vertically only: every line is already cut to the width (truncate-end), and Ink's
	// horizontal clip re-measures and slices every line of every frame (a fifth of a frame's cost).
	return (
		<Box flexDirection="column" width={size.columns} height={frameRows} overflowY="hidden">
			<Header
				env={{...env, region: controller.region(snapshot)}}
				readOnly={controller.readOnly}
				account={controller.account(snapshot)}
				api={snapshot.api}
				stack={ui.stack}
				scopes={scopes}
				// A pane that draws itself (events, describe) has no selected row: it shows its own place.
				position={def.render ? {index: 0, count: 0} : {index: index + 1, count: rows.length}}
				notes={notes}
				width={size.columns}
				color={color}
				now={nowMs}
			/>
			<Box height={body.rows} width={size.columns} overflowY="hidden" flexDirection="column">
				{content}
			</Box>
			<Box height={1} width={size.columns} overflowY="hidden">
				{prompt ? prompt.render({columns: size.columns, rows: 1}, controller.ui.overlayState(prompt)) : <StatusLine status={ui.status} now={nowMs} color={color} gone={scopes.find(s => s?.gone !== undefined)?.gone} />}
			</Box>
			<HintBar pane={view.pane} readOnly={controller.readOnly} width={size.columns} color={color} />
		</Box>
	);
}

/** The store's notifications that change the frame (see visible-change.ts). */
function subscribeVisible(store: ReadableStore) {
	return (listener: () => void) => {
		let shown = store.getSnapshot();
		return store.subscribe(() => {
			const next = store.getSnapshot();
			if (!visiblyChanged(shown, next)) return;
			shown = next;
			listener();
		});
	};
}
