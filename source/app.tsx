// The root component: builds the controller (navigation, keys, overlays) once and renders the
// shell. Everything it shows comes from the store; everything it does goes through the keymap.
import {useApp, useStdout} from 'ink';
import {clearScreen} from './components/use-terminal-size.js';
import {useEffect, useRef, useState} from 'react';
import type {EcsApi} from './aws/ecs-api.js';
import type {SpendSnapshot} from './aws/spend.js';
import type {LogsFeed, LogsTarget} from './store/logs/types.js';
import type {PollControl, ReadableStore} from './store/types.js';
import type {MetricsControl} from './store/metrics/poller.js';
import type {MetricsHistoryFeed} from './store/metrics/history.js';
import type {SessionsFeature} from './exec/forwards.js';
import type {MetricsTarget} from './aws/metrics-api.js';
import {clustersView} from './resources/clusters.js';
import {tablePanes} from './resources/index.js';
import {servicesView} from './resources/services.js';
import {tasksView} from './resources/tasks.js';
import type {AppEnv, Extension, ViewEntry} from './views/types.js';
import {Controller} from './app/controller.js';
import {withColumnSets} from './app/column-sets.js';
import {defaultExtensions} from './app/extensions.js';
import {coreKeys} from './app/handlers.js';
import {Shell} from './app/shell.js';
import {ThemeContext, themeFromEnv, type Theme} from './components/theme.js';
import type {ContextsControl} from './views/contexts/types.js';
import type {Keep} from './app/contexts/hub.js';

export interface AppProps {
	store: ReadableStore;
	poller: PollControl;
	/** CPU/MEM utilization from CloudWatch for what is on screen; absent (or disabled): `off`. */
	metrics?: MetricsControl;
	/** For actions and on-demand reads (describe); the panes read only the store. */
	api?: EcsApi;
	/** Opens a feed of a target's logs (CloudWatch Logs); without it `l` says logs are not available. */
	logsFeed?: (target: LogsTarget) => LogsFeed;
	/** ECS Exec and port forwards (`s`, `F`, `E`, `:pf`); absent: those keys say why they cannot. */
	sessions?: SessionsFeature;
	/** Opens a target's utilization history for describe views (CloudWatch); absent: none. */
	metricsHistory?: (target: MetricsTarget) => MetricsHistoryFeed;
	/**
	 * What the app has called and spent, for `$`: a snapshot of the ledger its limiter counts into
	 * (the CLI passes the shared one's). Without it `$` says spend is not counted.
	 */
	spend?: () => SpendSnapshot;
	readOnly?: boolean;
	env?: AppEnv;
	/** --cluster / --service: where to open. */
	cluster?: string;
	service?: string;
	/** A fixed size (tests, benchmarks); else the terminal's, following resizes. */
	columns?: number;
	rows?: number;
	/** False under NO_COLOR (which wins over any theme). */
	color?: boolean;
	/** The config file's `columns`: per pane, the column ids to show, in order. */
	columnSets?: Partial<Record<string, readonly string[]>>;
	/** The colour theme (default: ECS_TOP_THEME, else dark). */
	theme?: Theme;
	now?: () => number;
	extensions?: readonly Extension[];
	/** Exit once the first scope has data (benchmarks: cold start to first frame). */
	exitAfterFirstRender?: boolean;
	/** The config file's `:` aliases: name → a `:` command line. */
	aliases?: Readonly<Record<string, string>>;
	/** Profiles and regions (`:ctx`, `:region`, `:profile`, the fleet); absent: those say they are not available. */
	contexts?: ContextsControl;
	/**
	 * Where this app's UI state is kept while its context is not shown (source/app/contexts/hub.ts):
	 * mounted again, the app goes on where it was. Its owner disposes it.
	 */
	keep?: Keep;
	/** Where to open instead of --cluster/--service's path (the fleet; a cluster opened from it). */
	initial?: ViewEntry[];
}

export function initialStack(cluster?: string, service?: string): ViewEntry[] {
	const stack = [clustersView()];
	if (cluster) stack.push(servicesView(cluster));
	if (cluster && service) stack.push(tasksView(cluster, {service, crumb: service}));
	return stack;
}

export function colorEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
	return !env.NO_COLOR;
}

export function App(props: AppProps) {
	const {exit, suspendTerminal} = useApp();
	const exitRef = useRef(exit);
	exitRef.current = exit;
	const suspendRef = useRef(suspendTerminal);
	suspendRef.current = suspendTerminal;
	const {stdout, write} = useStdout();
	const writeRef = useRef(write);
	writeRef.current = write;
	const now = props.now ?? Date.now;
	const [ownExtensions] = useState(() => props.keep?.controller?.extensions ?? defaultExtensions(props.contexts));
	const extensions = props.extensions ?? ownExtensions;
	const [controller] = useState(() => {
		if (props.keep?.controller) return props.keep.controller;
		const made = new Controller({
				store: props.store,
				poller: props.poller,
				api: props.api,
				logsFeed: props.logsFeed,
				metricsHistory: props.metricsHistory,
				sessions: props.readOnly ? undefined : props.sessions,
				// Back from a child: what it (or the tty's echo of a late ^C) left on the screen is cleared,
				// so Ink's incremental frames start from a blank screen, as after a resize.
				handOver: async run => {
					await suspendRef.current(run);
					if ((stdout as NodeJS.WriteStream).isTTY) writeRef.current(clearScreen);
				},
				// Ink's write() puts the sequence between frames, so it never lands inside one.
				writeTerminal: (stdout as NodeJS.WriteStream).isTTY ? data => writeRef.current(data) : undefined,
				spend: props.spend,
				aliases: props.aliases,
				contexts: props.contexts,
				readOnly: props.readOnly ?? false,
				env: props.env ?? {},
				panes: withColumnSets(tablePanes, props.columnSets),
				extensions,
				keys: coreKeys(extensions),
				initial: props.initial ?? initialStack(props.cluster, props.service),
				now,
				exit: () => exitRef.current(),
			});
		if (props.keep) props.keep.controller = made;
		return made;
	});
	// Whatever the views hold (a logs feed, a Live Tail session) ends with the app, unless it is kept
	// (another context shown for now): its keeper disposes it when ecs-top ends.
	const kept = props.keep !== undefined;
	useEffect(() => () => (kept ? undefined : controller.ui.disposeAll()), [controller, kept]);
	const [onFirstData] = useState(() => (props.exitAfterFirstRender ? () => setTimeout(() => exitRef.current(), 0) : undefined));
	const [theme] = useState(() => props.theme ?? themeFromEnv());
	return (
		<ThemeContext.Provider value={theme}>
			<Shell
				controller={controller}
				store={props.store}
				poller={props.poller}
				metrics={props.metrics}
				env={props.env ?? {}}
				extensions={extensions}
				size={{columns: props.columns, rows: props.rows}}
				color={props.color ?? colorEnabled()}
				now={now}
				onFirstData={onFirstData}
			/>
		</ThemeContext.Provider>
	);
}
