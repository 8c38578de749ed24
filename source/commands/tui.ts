// `ecs-top [flags]`: checks region, credentials and --cluster/--service BEFORE touching the
// screen (a bad flag ends in one line on a normal terminal, exit 1), then runs the Ink app in the
// alternate screen and restores the terminal however it ends.
import process from 'node:process';
import type {AppProps} from '../app.js';
import {maxFps, scheduleTestCrash, tracedStdout} from '../app/trace.js';
import {createEcsApi, createLogsApis, createMetricsApi, resolveAwsContext} from '../aws/client.js';
import type {EcsApi} from '../aws/ecs-api.js';
import {describeError} from '../aws/errors.js';
import {sharedLimiter} from '../aws/limiter.js';
import {sharedSpend} from '../aws/spend.js';
import {UserError, type ParsedArgs} from '../cli-args.js';
import {createDataLayer, scopeKey} from '../store/index.js';
import {createLogsFeed} from '../store/logs/feed.js';
import {createMetricsHistory} from '../store/metrics/history.js';
import {adapterFor, tablePanes} from '../resources/index.js';
import {startDemoSim, type DemoSim} from './demo.js';
import {guardTerminal} from './terminal.js';
import {sessionsFeature} from './sessions.js';
import {themeFromName} from '../components/theme.js';
import {boundHeapGrowth} from './heap-growth.js';
import {writeClusterCache} from './cluster-cache.js';

/** Proves the credentials work and the requested cluster/service exist, with one or two reads. */
export async function preflight(api: EcsApi, cluster?: string, service?: string): Promise<void> {
	try {
		if (!cluster) {
			// aws ecs list-clusters
			await api.listClusterArns({priority: 'interactive'});
			return;
		}
		// aws ecs describe-clusters --clusters CLUSTER
		const clusters = await api.describeClusters([cluster], {priority: 'interactive'});
		const found = clusters.items.find(c => c.status !== 'INACTIVE');
		if (!found) throw new UserError(`cluster "${cluster}" not found`);
		if (!service) return;
		// aws ecs describe-services --cluster CLUSTER --services SERVICE
		const services = await api.describeServices(cluster, [service], {priority: 'interactive'});
		if (!services.items.some(s => s.status !== 'INACTIVE')) throw new UserError(`service "${service}" not found in cluster "${cluster}"`);
	} catch (error) {
		if (error instanceof UserError) throw error;
		throw new UserError(describeError(error).message);
	}
}

/** Ink, React and the app: about a third of the start-up, loaded on demand (see runTui). */
async function loadUi() {
	const [ink, react, app] = await Promise.all([import('ink'), import('react'), import('../app.js')]);
	return {render: ink.render, renderToString: ink.renderToString, createElement: react.createElement, App: app.App, colorEnabled: app.colorEnabled, initialStack: app.initialStack};
}

/** The first screen with data, as plain text (no terminal needed). */
export async function firstScreen(props: AppProps): Promise<string> {
	const {renderToString, createElement, App, initialStack} = await loadUi();
	const view = initialStack(props.cluster, props.service).at(-1)!;
	const scopes = tablePanes[view.pane]!.scopes(view);
	const closers = scopes.map(scope => props.poller.open(scope));
	if (scopes[0]) props.poller.focus(scopes[0]);
	await new Promise<void>(resolve => {
		const check = () => {
			const state = scopes[0] && props.store.getSnapshot().scopes.get(scopeKey(scopes[0]));
			if (state && (state.updatedAt !== undefined || state.error)) {
				unsubscribe();
				resolve();
			}
		};
		const unsubscribe = props.store.subscribe(check);
		check();
	});
	const columns = Number(process.env.COLUMNS) || process.stdout.columns || 100;
	const screen = renderToString(createElement(App, {...props, columns, rows: Number(process.env.LINES) || process.stdout.rows || 24}), {columns});
	for (const close of closers) close();
	return screen.replace(/\s+$/, '');
}

/**
 * `--cluster` completion reads the names the TUI last listed (cluster-cache.ts): saved when the
 * cluster list is read, at most once a minute (the file is kept ten minutes). The demo's clusters
 * are not the account's and are not saved.
 */
function cacheListedClusters(store: ReturnType<typeof createDataLayer>['store']): () => void {
	let savedAt = 0;
	let saved: unknown;
	return store.subscribe(() => {
		const snapshot = store.getSnapshot();
		const listed = snapshot.scopes.get(scopeKey({kind: 'clusters'}));
		if (listed?.updatedAt === undefined || snapshot.clusters === saved || Date.now() - savedAt < 60_000) return;
		saved = snapshot.clusters;
		savedAt = Date.now();
		writeClusterCache([...snapshot.clusters.values()].map(cluster => cluster.clusterName));
	});
}

export async function runTui(parsed: ParsedArgs): Promise<number> {
	let demo: DemoSim | undefined;
	let stopPolling: (() => void) | undefined;
	const cleanup = () => {
		stopPolling?.();
		demo?.stop();
	};
	try {
		boundHeapGrowth();
		const flags = {...parsed.aws};
		let credentials: DemoSim['credentials'] | undefined;
		if (parsed.demo) {
			demo = await startDemoSim(parsed);
			flags.endpointUrl = demo.endpoint;
			flags.region = demo.region;
			credentials = demo.credentials;
		}
		const context = await resolveAwsContext(flags).catch((error: unknown) => {
			throw new UserError(describeError(error).message);
		});
		const limiter = sharedLimiter();
		const api = createEcsApi({...flags, readOnly: parsed.aws.readOnly, credentials, limiter});
		const cluster = parsed.cluster;
		const service = parsed.services[0];
		const checked = preflight(api, cluster, service);
		// The UI loads while that call is in flight (a turn of the event loop later, so the request
		// is on the wire first); a failed preflight still ends before the screen is touched.
		const ui = new Promise(resolve => setImmediate(resolve)).then(loadUi);
		ui.catch(() => undefined);
		await checked;
		const {render, createElement, App, colorEnabled} = await ui;

		// CloudWatch for CPU%/MEM%, unless --no-metrics: the same profile, credentials, endpoint
		// conventions (AWS_ENDPOINT_URL_CLOUDWATCH…) and limiter as ECS.
		const metricsApi = parsed.metrics === false ? undefined : createMetricsApi({...flags, credentials, limiter});
		const {store, poller, metrics} = createDataLayer({api, adapters: adapterFor, refreshSeconds: parsed.refreshSeconds, limiterState: () => limiter.status(), metrics: metricsApi});
		const stopCache = parsed.demo ? undefined : cacheListedClusters(store);
		stopPolling = () => {
			poller.stop();
			metrics.stop();
			stopCache?.();
		};
		// CloudWatch Logs, one client per region, built on the first `l`: the same profile, credentials
		// and endpoint conventions as ECS (AWS_ENDPOINT_URL_CLOUDWATCH_LOGS…), the same limiter.
		const logs = createLogsApis({...flags, credentials, limiter});
		// ECS Exec and port forwards (s, F, E, :pf): none under --read-only, where their keys are absent.
		const sessions = parsed.aws.readOnly ? undefined : sessionsFeature({...flags, credentials, limiter}, context, parsed.settings.execCommand.value, parsed.transport);
		const props: AppProps = {
			store,
			poller,
			metrics,
			sessions,
			api,
			logsFeed: target => createLogsFeed({ecs: api, logs, target}),
			metricsHistory: metricsApi ? target => createMetricsHistory({api: metricsApi, target}) : undefined,
			// `$`: the ledger the shared limiter counts every call into (ECS, Logs and CloudWatch alike).
			spend: () => sharedSpend().snapshot(),
			readOnly: parsed.aws.readOnly,
			env: {profile: context.profile, region: context.region, endpointUrl: context.endpoint},
			cluster,
			service,
			color: colorEnabled(),
			exitAfterFirstRender: parsed.exitAfterFirstRender,
			aliases: parsed.settings.aliases.value,
			columnSets: parsed.settings.columns.value,
			// ECS_TOP_THEME (the environment) over the config file's `theme`, as every setting goes.
			theme: themeFromName(process.env.ECS_TOP_THEME) ?? themeFromName(parsed.settings.theme.value),
		};
		// Without a terminal to read keys from or draw on (a pipe, a cron job): one screen, then exit.
		if (!process.stdin.isTTY || !process.stdout.isTTY) {
			process.stdout.write(`${await firstScreen(props)}\n`);
			return 0;
		}
		const terminal = guardTerminal({cleanup, debug: parsed.debug});
		try {
			const app = createElement(App, props);
			// Ink draws in the alternate screen and leaves it on unmount. It is interactive whenever
			// stdout is a terminal: Ink's own CI detection (CI=true, set in many shells and
			// containers) would otherwise hold every frame until exit. Incremental rendering
			// rewrites only the lines that changed: cheap over SSH. (ECS_TOP_TRACE_FILE and
			// ECS_TOP_MAX_FPS are for scripts/bench-tui.ts; inert when unset.)
			const instance = render(app, {
				// The guard's stdout: once the terminal is gone, Ink sees it destroyed and draws no more.
				stdout: tracedStdout(terminal.stdout),
				exitOnCtrlC: true,
				patchConsole: false,
				alternateScreen: true,
				interactive: true,
				incrementalRendering: true,
				maxFps: maxFps(),
			});
			terminal.attach(() => instance.unmount());
			scheduleTestCrash();
			await instance.waitUntilExit();
			// `q`: every forward's session ended (TerminateSession) before ecs-top is. On a signal, the
			// plugins are killed with the process (exec/plugin.ts) and their sessions time out.
			await sessions?.forwards.stopAll();
		} finally {
			terminal.dispose();
		}
		return 0;
	} finally {
		cleanup();
	}
}
