// `ecs-top get RESOURCE`: a complete one-shot read through the same client and rate limiter as the
// TUI (at 'interactive' priority), printed as an aligned table of the pane's columns, or with --json
// as a JSON array of domain objects (ECS's field names, ISO dates). What each resource reads and
// prints is the resource's own (source/resources/, its `get`). Several contexts (--profile a,b ×
// --region r1,r2): each context is read in parallel through its account and Region's limiter; items
// gain `context` in --json and tables a CONTEXT column; a failing context is one stderr line and the
// others still print (exit 1 only when every context failed).
import process from 'node:process';
import {createEcsApi, createMetricsApi} from '../aws/client.js';
import {contextField, contextSpecs} from '../aws/contexts.js';
import type {CallOptions} from '../aws/ecs-api.js';
import {describeError} from '../aws/errors.js';
import {type RateLimiter, sharedLimiter} from '../aws/limiter.js';
import {memorySustained, targetKey} from '../aws/metrics-api.js';
import {UsageError, UserError, type ParsedArgs} from '../cli-args.js';
import type {CellColor, CellContext, Column} from '../components/table-layout.js';
import {formatTable} from '../format.js';
import {getDefOf, getDefs} from '../resources/index.js';
import {NotFoundError, type GetDef, type GetFlag, type GetRequest, type GetResult} from '../resources/types.js';
import {utilizationColumnIds} from '../resources/utilization.js';
import type {MetricsState} from '../store/types.js';
import {clean, hasText, jsonText} from '../text.js';
import {writeClusterCache} from './cluster-cache.js';
import {contextAws, contextLine, inContexts, warnLine} from './in-contexts.js';

const call: CallOptions = {priority: 'interactive'};

const ansi: Record<CellColor, [string, string]> = {red: ['\u001B[31m', '\u001B[39m'], yellow: ['\u001B[33m', '\u001B[39m'], green: ['\u001B[32m', '\u001B[39m'], dim: ['\u001B[2m', '\u001B[22m']};

export function render(result: GetResult, options: {color: boolean; now?: number; metrics?: MetricsState}): string {
	const ctx: CellContext = {now: options.now ?? Date.now(), metrics: options.metrics};
	// Column values are clean already (resources/cells.ts col()); clean() again costs nothing on plain text
	// and keeps the table's widths honest whatever a column returns.
	const rows = result.items.map(item => result.columns.map(c => clean(c.value(item, ctx))));
	const paint = options.color
		? (text: string, row: number, column: number) => {
				const color = result.columns[column]!.color?.(result.items[row], ctx);
				return color && hasText(text) ? `${ansi[color][0]}${text}${ansi[color][1]}` : text;
			}
		: undefined;
	return formatTable(result.columns, rows, paint);
}

const names = getDefs.map(g => g.names[0]!);
const nameList = `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;

function resourceOf(args: readonly string[]): GetDef {
	const [name] = args;
	if (name === undefined) throw new UsageError(`get needs a resource: ${nameList}`);
	const found = getDefOf(name);
	if (!found) throw new UsageError(`unknown resource "${name}": use ${nameList}`);
	return found;
}

/** The flags a resource does not take are usage errors, named as the user typed them. */
function checkFlags(get: GetDef, parsed: ParsedArgs): void {
	const takes = (flag: GetFlag) => get.flags?.includes(flag) ?? false;
	const name = get.names[0];
	if (parsed.stopped && !takes('stopped')) throw new UsageError(`--stopped applies to "get tasks"`);
	if (parsed.services.length > 0 && !takes('service')) throw new UsageError(`--service does not apply to "get ${name}"`);
	if (parsed.family !== undefined && !takes('family')) throw new UsageError(`--family applies to "get taskdefs"`);
	if (parsed.metrics === true && !get.metrics) throw new UsageError('--metrics applies to "get clusters", "get services" and "get tasks"');
	if (get.required?.includes('service') && parsed.services.length !== 1) throw new UsageError(`"get ${name}" needs --service S (one service)`);
}

const utilizationIds = new Set<string>(utilizationColumnIds);

/**
 * --metrics: one GetMetricData read (two queries an item, 500 a call) for every item, the readings
 * as the TUI's cells show them and each item's `utilization` for --json. Without --metrics, no
 * CloudWatch call and no utilization columns.
 */
async function withMetrics(get: GetDef, result: GetResult, parsed: ParsedArgs, aws: ParsedArgs['aws'] = parsed.aws, limiter: RateLimiter = sharedLimiter()): Promise<{result: GetResult; metrics?: MetricsState}> {
	if (parsed.metrics !== true || !get.metrics) return {result: {...result, columns: result.columns.filter(c => !utilizationIds.has(c.id))}};
	const api = createMetricsApi({...aws, limiter});
	const ctx: CellContext = {};
	const targets = result.items.map(item => get.metrics!(item, ctx));
	let latest;
	try {
		// aws cloudwatch get-metric-data --metric-data-queries (CPUUtilization, MemoryUtilization of each) --start-time (10 min ago) --end-time (now)
		latest = await api.latest(targets.filter(t => typeof t !== 'string'), call);
	} catch (error) {
		throw new UserError(describeError(error, 'CloudWatch').message);
	}
	const readAt = Date.now();
	const readings = new Map([...latest.readings].map(([key, reading]) => [key, {utilization: reading.utilization, memorySustained: memorySustained(reading.memory), readAt}]));
	const none = {cpu: null, memory: null, periodEnd: new Date(Math.floor(readAt / 60_000) * 60_000).toISOString()};
	const items = result.items.map((item, i) => {
		const target = targets[i]!;
		const reading = typeof target === 'string' ? undefined : readings.get(targetKey(target));
		return {...item, utilization: reading?.utilization ?? none};
	});
	return {result: {...result, items}, metrics: {enabled: true, readings, updatedAt: readAt}};
}

async function write(text: string): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		process.stdout.write(text, error => (error ? reject(error) : resolve()));
	});
}

function requestOf(parsed: ParsedArgs, warn: (line: string) => void): GetRequest {
	return {
		cluster: parsed.cluster ?? 'default',
		clusterGiven: parsed.cluster !== undefined,
		services: parsed.services,
		stopped: parsed.stopped,
		family: parsed.family,
		warn,
	};
}

/** One context's read, its failures as one-line UserErrors. */
async function readOne(get: GetDef, parsed: ParsedArgs, aws: ParsedArgs['aws'], limiter: RateLimiter, warn: (line: string) => void): Promise<GetResult> {
	// get never changes anything: the client is read-only whatever the flags say.
	const api = createEcsApi({...aws, readOnly: true, limiter});
	try {
		return await get.read(api, requestOf(parsed, warn), call);
	} catch (error) {
		if (error instanceof NotFoundError) throw new UserError(error.message);
		const info = describeError(error);
		if (info.name === 'ClusterNotFoundException') throw new UserError(`cluster "${parsed.cluster ?? 'default'}" not found`);
		if (info.name === 'ServiceNotFoundException') throw new UserError(`service ${parsed.services.map(s => `"${s}"`).join(', ')} not found in cluster "${parsed.cluster ?? 'default'}"`);
		throw new UserError(info.message);
	}
}

async function print(text: () => string): Promise<number> {
	// A closed pipe also raises 'error' on stdout (maybe after the write's callback): it stays ignored.
	const ignoreEpipe = (error: NodeJS.ErrnoException) => {
		if (error.code !== 'EPIPE') throw error;
	};
	process.stdout.on('error', ignoreEpipe);
	try {
		await write(text());
	} catch (error) {
		// `ecs-top get tasks | head` closes the pipe early: that is success, not a failure.
		if ((error as NodeJS.ErrnoException).code === 'EPIPE') return 0;
		throw error;
	}
	return 0;
}

export async function runGet(parsed: ParsedArgs): Promise<number> {
	const get = resourceOf(parsed.args);
	checkFlags(get, parsed);
	const specs = contextSpecs(parsed.aws.profiles ?? [], parsed.aws.regions ?? []);
	if (specs.length > 1) return runGetContexts(get, parsed, specs);
	const result = await readOne(get, parsed, parsed.aws, sharedLimiter(), warnLine);
	// `--cluster` completes from the names last listed (Tab never calls AWS): a whole listing only.
	if (get.names[0] === 'clusters' && parsed.cluster === undefined) writeClusterCache(result.items.map(item => (item as {clusterName?: string}).clusterName ?? ''));
	const {result: shown, metrics} = await withMetrics(get, result, parsed);
	const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
	// --json keeps the data whole: C1 controls, DEL, bidi and invisible characters are written as
	// \u escapes (JSON.stringify leaves them raw), so jq gets the real string back and a terminal
	// showing the raw JSON sees nothing it would act on.
	return print(() => (parsed.json ? `${jsonText(shown.items, 2)}\n` : render(shown, {color, metrics})));
}

/** An item of a context: its `context` for --json, and the label the CONTEXT column shows. */
interface ContextItem {
	context: ReturnType<typeof contextField>;
}

const contextColumn = (labels: WeakMap<object, string>): Column<object> => ({id: 'context', header: 'CONTEXT', width: 24, value: item => labels.get(item) ?? ''});

/**
 * Every context read at once; items in context order (profiles, then regions, as given). Readings
 * (--metrics) are each context's own; the table's colours and metric cells are read per item.
 */
async function runGetContexts(get: GetDef, parsed: ParsedArgs, specs: ReturnType<typeof contextSpecs>): Promise<number> {
	const done = (await inContexts(parsed.aws, specs, async context => {
		const result = await readOne(get, parsed, contextAws(context), context.limiter, line => contextLine(context.label, line));
		return withMetrics(get, result, parsed, contextAws(context), context.limiter);
	})).map(o => ({context: o.context, ...o.value}));
	// Every context failed: nothing to show, and each has said why.
	if (done.length === 0) return 1;
	if (parsed.json) {
		const items: Array<object & ContextItem> = done.flatMap(o => o.result.items.map(item => ({...item, context: contextField(o.context)})));
		return print(() => `${jsonText(items, 2)}\n`);
	}
	const labels = new WeakMap<object, string>();
	const metricsOf = new WeakMap<object, MetricsState | undefined>();
	const items = done.flatMap(o => o.result.items.map(item => {
		labels.set(item, o.context.label);
		metricsOf.set(item, o.metrics);
		return item;
	}));
	// Every context's columns are the resource's (the same list); the metric cells read their own context's readings.
	const columns = done[0]!.result.columns.map(c => ({
		...c,
		value: (item: object, ctx?: CellContext) => c.value(item, {...ctx, metrics: metricsOf.get(item)}),
		...(c.color ? {color: (item: object, ctx?: CellContext) => c.color!(item, {...ctx, metrics: metricsOf.get(item)})} : {}),
	}));
	const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
	return print(() => render({items, columns: [contextColumn(labels), ...columns]}, {color}));
}
