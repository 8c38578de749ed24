// `ecs-top [flags]`: checks region, credentials and --cluster/--service BEFORE touching the
// screen (a bad flag ends in one line on a normal terminal, exit 1), then runs the Ink app in the
// alternate screen and restores the terminal however it ends.
import process from 'node:process';
import type {AppProps} from '../app.js';
import {maxFps, scheduleTestCrash, trace, tracedStdout} from '../app/trace.js';
import {checkCredentials, createEcsApi, createLogsApis, createMetricsApi, listProfiles, resolveAwsContext} from '../aws/client.js';
import {contextLabel, contextSpecs, resolveContext, type ContextSpec} from '../aws/contexts.js';
import {ContextsHub, type OpenedContext} from '../app/contexts/hub.js';
import type {EcsApi} from '../aws/ecs-api.js';
import {describeError} from '../aws/errors.js';
import {nextRequestStart} from '../aws/request-start.js';
import {sharedLimiter, type RateLimiter} from '../aws/limiter.js';
import {sharedSpend} from '../aws/spend.js';
import {UserError, type ParsedArgs} from '../cli-args.js';
import {createDataLayer, scopeKey} from '../store/index.js';
import {createLogsFeed} from '../store/logs/feed.js';
import {createMetricsHistory} from '../store/metrics/history.js';
import {adapterFor, tablePanes} from '../resources/index.js';
import {fleetRows} from '../resources/fleet.js';
import {startDemoSim, type DemoSim} from './demo.js';
import {guardTerminal} from './terminal.js';
import {sessionsFeature} from './sessions.js';
import {themeFromName} from '../components/theme.js';
import {boundHeapGrowth} from './heap-growth.js';
import {writeClusterCache} from './cluster-cache.js';
import {restoreFetch} from './hidden-fetch.js';
import {warmWidths} from '../text.js';

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

/** A turn of the event loop: what the network brought (a socket's connect, an answer) is handled first. */
const turn = () => new Promise<void>(resolve => setImmediate(resolve));

/**
 * Ink, React and the app: about a third of the start-up, loaded on demand (see runTui), a module
 * at a time with a turn of the event loop between them: each load is 5–25 ms that nothing else
 * can interrupt, and the preflight call's connect, TLS handshake and answer are handled between them.
 */
async function loadUi() {
	const react = await import('react');
	await turn();
	const ink = await import('ink');
	await turn();
	const app = await import('../app.js');
	await turn();
	const root = await import('../app/contexts/root.js');
	restoreFetch();
	return {render: ink.render, renderToString: ink.renderToString, createElement: react.createElement, App: app.App, ContextsRoot: root.ContextsRoot, colorEnabled: app.colorEnabled, initialStack: app.initialStack};
}

/** What loadUi gives: Ink's renderers, React's createElement and the app's roots. */
type Ui = Awaited<ReturnType<typeof loadUi>>;

/** The first screen with data, as plain text (no terminal needed), drawn with the UI runTui loaded. */
export async function firstScreen(props: AppProps, {renderToString, createElement, App, initialStack}: Ui): Promise<string> {
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
 * The fleet's first screen, as plain text: every context opened (or failed), every cluster listed
 * and its health read (the budget paces that: seconds for hundreds of clusters), then one frame.
 */
export async function fleetFirstScreen(hub: ContextsHub, base: Omit<AppProps, 'store' | 'poller'>, {renderToString, createElement, ContextsRoot}: Ui): Promise<string> {
	// Open while drawn: a member's scope closed is a scope dropped from its store.
	const close = hub.fleetPoller.open({kind: 'clusters'});
	hub.fleetPoller.focus({kind: 'clusters'});
	try {
		await new Promise<void>(resolve => {
			const check = () => {
				const members = hub.fleetMembers();
				const rows = fleetRows(hub.fleetStore.getSnapshot(), members, Date.now());
				const done = members.length > 0 && rows.every(row => row.failed || (row.note === undefined ? row.health?.known : row.note !== 'loading…'));
				if (!done) return;
				offStore();
				offHub();
				resolve();
			};
			const offStore = hub.fleetStore.subscribe(check);
			const offHub = hub.subscribe(check);
			check();
		});
		const columns = Number(process.env.COLUMNS) || process.stdout.columns || 100;
		const screen = renderToString(createElement(ContextsRoot, {hub, base: {...base, columns, rows: Number(process.env.LINES) || process.stdout.rows || 24}}), {columns});
		return screen.replace(/\s+$/, '');
	} finally {
		close();
	}
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

/** What every context's app is built from: the flags, the demo's endpoint and keys. */
export interface TuiBase {
	flags: ParsedArgs['aws'];
	credentials?: DemoSim['credentials'];
	demo: boolean;
}

/**
 * One context's data layer and what its app is handed: ECS through its limiter, CloudWatch for
 * CPU%/MEM% (unless --no-metrics), CloudWatch Logs per region, exec and forwards (not under
 * --read-only), all with its profile, region, credentials and endpoint conventions.
 */
function buildContext(parsed: ParsedArgs, base: TuiBase, flags: ParsedArgs['aws'], context: {region: string; profile?: string; endpoint?: string}, limiter: RateLimiter, label: string, account?: string): OpenedContext & {api: EcsApi} {
	const {credentials} = base;
	const api = createEcsApi({...flags, readOnly: parsed.aws.readOnly, credentials, limiter});
	const metricsApi = parsed.metrics === false ? undefined : createMetricsApi({...flags, credentials, limiter});
	const {store, poller, metrics} = createDataLayer({api, adapters: adapterFor, refreshSeconds: parsed.refreshSeconds, limiterState: () => limiter.status(), metrics: metricsApi});
	const stopCache = base.demo ? undefined : cacheListedClusters(store);
	// CloudWatch Logs, one client per region, built on the first `l`.
	const logs = createLogsApis({...flags, credentials, limiter});
	const sessions = parsed.aws.readOnly ? undefined : sessionsFeature({...flags, credentials, limiter}, {region: context.region, profile: context.profile, endpoint: context.endpoint}, parsed.settings.execCommand.value, parsed.transport);
	const props: Partial<AppProps> = {
		store,
		poller,
		metrics,
		sessions,
		api,
		logsFeed: target => createLogsFeed({ecs: api, logs, target}),
		metricsHistory: metricsApi ? target => createMetricsHistory({api: metricsApi, target}) : undefined,
		env: {profile: context.profile, region: context.region, endpointUrl: context.endpoint},
	};
	return {
		label,
		region: context.region,
		profile: context.profile ?? null,
		...(account ? {account} : {}),
		props,
		api,
		stop: () => {
			poller.stop();
			metrics.stop();
			stopCache?.();
		},
	};
}

/**
 * A context opened from inside the TUI (`:ctx`, `:region`, the fleet): its account from STS, its
 * account+Region's limiter. Exported for scripts/bench-fleet.ts, which builds the fleet as runTui does.
 */
export async function openLater(parsed: ParsedArgs, base: TuiBase, spec: ContextSpec): Promise<OpenedContext> {
	const resolved = await resolveContext({...base.flags, credentials: base.credentials}, spec);
	const context = await resolveAwsContext(resolved.flags);
	const flags = {...base.flags, ...resolved.flags};
	return buildContext(parsed, base, flags, context, resolved.limiter, resolved.label, resolved.account);
}

export async function runTui(parsed: ParsedArgs): Promise<number> {
	let demo: DemoSim | undefined;
	let hub: ContextsHub | undefined;
	let first: (OpenedContext & {api: EcsApi}) | undefined;
	const cleanup = () => {
		if (hub) hub.stop();
		else first?.stop();
		demo?.stop();
	};
	try {
		trace('start', {phase: 'tui'});
		boundHeapGrowth();
		const flags = {...parsed.aws};
		let credentials: DemoSim['credentials'] | undefined;
		if (parsed.demo) {
			demo = await startDemoSim(parsed);
			flags.endpointUrl = demo.endpoint;
			// The demo's region, unless the command line names some (the simulator serves any).
			if (!parsed.aws.regions || parsed.aws.regions.length === 0) flags.region = demo.region;
			credentials = demo.credentials;
		}
		const base: TuiBase = {flags, credentials, demo: Boolean(parsed.demo)};
		const profiles = parsed.aws.profiles ?? [];
		const regions = parsed.aws.regions ?? (parsed.demo && flags.region ? [flags.region] : []);
		const specs = contextSpecs(profiles, regions);
		// The UI loads once the first call to AWS has left (the preflight's, or whatever the credential
		// chain asks first), in the wait for its answer: the work before a request leaves (files read,
		// credentials, signing) takes several turns of the event loop that loading would hold up. If
		// none leaves within 250 ms (a slow credential_process), it loads anyway.
		const ui = (specs.length === 1 ? nextRequestStart(250) : Promise.resolve('none' as const)).then(async gate => {
			trace('start', {phase: 'ui-gate', gate});
			await turn();
			const loaded = await loadUi();
			trace('start', {phase: 'ui-loaded'});
			return loaded;
		});
		ui.catch(() => undefined);
		let opened: {spec: ContextSpec; context: OpenedContext} | undefined;
		if (specs.length === 1) {
			// One context: checked before the screen (a bad profile, region, cluster or credentials ends
			// in one line on a normal terminal), through the process's shared limiter.
			const spec = specs[0]!;
			const single = {...flags, ...(spec.profile ? {profile: spec.profile} : {}), ...(spec.region ? {region: spec.region} : {})};
			const context = await resolveAwsContext(single).catch((error: unknown) => {
				throw new UserError(describeError(error).message);
			});
			first = buildContext(parsed, base, single, context, sharedLimiter(), contextLabel(context.profile ?? null, context.region));
			// The UI loads while the preflight call is in flight (a turn of the event loop later, so the
			// request is on the wire first); a failed preflight still ends before the screen is touched.
			trace('start', {phase: 'context'});
			await preflight(first.api, parsed.cluster, parsed.services[0]);
			trace('start', {phase: 'preflight'});
			opened = {spec, context: first};
		}
		const loaded = await ui;
		const {render, createElement, colorEnabled, ContextsRoot} = loaded;
		hub = new ContextsHub({
			profiles: profiles.length > 0 ? profiles : [null],
			regions,
			open: spec => openLater(parsed, base, spec),
			listProfiles,
			// The demo's keys stand for every profile (the simulator maps keys to accounts, not profiles).
			checkCredentials: profile => (credentials ? Promise.resolve() : checkCredentials({...flags, profile: profile ?? undefined})),
			...(opened ? {opened} : {}),
		});
		const cluster = parsed.cluster;
		const service = parsed.services[0];
		const shared: Omit<AppProps, 'store' | 'poller'> = {
			// `$`: the ledger every limiter counts every call into (ECS, Logs and CloudWatch alike).
			spend: () => sharedSpend().snapshot(),
			readOnly: parsed.aws.readOnly,
			cluster,
			service,
			color: colorEnabled(),
			exitAfterFirstRender: parsed.exitAfterFirstRender,
			aliases: parsed.settings.aliases.value,
			columnSets: parsed.settings.columns.value,
			// ECS_TOP_THEME (the environment) over the config file's `theme`, as every setting goes.
			theme: themeFromName(process.env.ECS_TOP_THEME) ?? themeFromName(parsed.settings.theme.value),
		};
		const props = {...shared, ...first?.props, contexts: hub} as AppProps;
		// Without a terminal to read keys from or draw on (a pipe, a cron job): one screen, then exit.
		if (!process.stdin.isTTY || !process.stdout.isTTY) {
			process.stdout.write(`${first ? await firstScreen(props, loaded) : await fleetFirstScreen(hub, shared, loaded)}\n`);
			return 0;
		}
		const terminal = guardTerminal({cleanup, debug: parsed.debug});
		try {
			const app = createElement(ContextsRoot, {hub, base: shared});
			// Ink draws in the alternate screen and leaves it on unmount. It is interactive whenever
			// stdout is a terminal: Ink's own CI detection (CI=true, set in many shells and
			// containers) would otherwise hold every frame until exit. Incremental rendering
			// rewrites only the lines that changed: cheap over SSH. At most 60 frames a second
			// (maxFps, app/trace.ts). (ECS_TOP_TRACE_FILE and ECS_TOP_MAX_FPS are for
			// scripts/bench-tui.ts; inert when unset.)
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
			// A second after the first frame, not before it: the first frame's text needs none of it.
			setTimeout(warmWidths, 1000).unref();
			await instance.waitUntilExit();
			// `q`: every forward's session ended (TerminateSession) before ecs-top is. On a signal, the
			// plugins are killed with the process (exec/plugin.ts) and their sessions time out.
			await hub.stopForwards();
		} finally {
			terminal.dispose();
		}
		return 0;
	} finally {
		cleanup();
	}
}
