// `ecs-top get RESOURCE`: a complete one-shot read through the same client and rate limiter as the
// TUI (at 'interactive' priority), printed as an aligned table of the pane's columns, or with --json
// as a JSON array of domain objects (ECS's field names, ISO dates). What each resource reads and
// prints is the resource's own (source/resources/, its `get`).
import process from 'node:process';
import {createEcsApi} from '../aws/client.js';
import type {CallOptions} from '../aws/ecs-api.js';
import {describeError} from '../aws/errors.js';
import {sharedLimiter} from '../aws/limiter.js';
import {UsageError, UserError, type ParsedArgs} from '../cli-args.js';
import type {CellColor} from '../components/table-layout.js';
import {formatTable} from '../format.js';
import {getDefOf, getDefs} from '../resources/index.js';
import {NotFoundError, type GetDef, type GetFlag, type GetRequest, type GetResult} from '../resources/types.js';
import {clean, jsonText} from '../text.js';

const call: CallOptions = {priority: 'interactive'};

const ansi: Record<CellColor, [string, string]> = {red: ['\u001B[31m', '\u001B[39m'], yellow: ['\u001B[33m', '\u001B[39m'], green: ['\u001B[32m', '\u001B[39m'], dim: ['\u001B[2m', '\u001B[22m']};

export function render(result: GetResult, options: {color: boolean; now?: number}): string {
	const ctx = {now: options.now ?? Date.now()};
	// Column values are clean already (resources/cells.ts col()); clean() again costs nothing on plain text
	// and keeps the table's widths honest whatever a column returns.
	const rows = result.items.map(item => result.columns.map(c => clean(c.value(item, ctx))));
	const paint = options.color
		? (text: string, row: number, column: number) => {
				const color = result.columns[column]!.color?.(result.items[row]);
				return color && text.trim() !== '' ? `${ansi[color][0]}${text}${ansi[color][1]}` : text;
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
}

async function write(text: string): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		process.stdout.write(text, error => (error ? reject(error) : resolve()));
	});
}

export async function runGet(parsed: ParsedArgs): Promise<number> {
	const get = resourceOf(parsed.args);
	checkFlags(get, parsed);
	// get never changes anything: the client is read-only whatever the flags say.
	const api = createEcsApi({...parsed.aws, readOnly: true, limiter: sharedLimiter()});
	const request: GetRequest = {
		cluster: parsed.cluster ?? 'default',
		clusterGiven: parsed.cluster !== undefined,
		services: parsed.services,
		stopped: parsed.stopped,
		family: parsed.family,
		warn: line => process.stderr.write(`ecs-top: ${line}\n`),
	};
	let result: GetResult;
	try {
		result = await get.read(api, request, call);
	} catch (error) {
		if (error instanceof NotFoundError) throw new UserError(error.message);
		const info = describeError(error);
		if (info.name === 'ClusterNotFoundException') throw new UserError(`cluster "${parsed.cluster ?? 'default'}" not found`);
		if (info.name === 'ServiceNotFoundException') throw new UserError(`service ${parsed.services.map(s => `"${s}"`).join(', ')} not found in cluster "${parsed.cluster ?? 'default'}"`);
		throw new UserError(info.message);
	}
	const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
	// A closed pipe also raises 'error' on stdout (maybe after the write's callback): it stays ignored.
	const ignoreEpipe = (error: NodeJS.ErrnoException) => {
		if (error.code !== 'EPIPE') throw error;
	};
	process.stdout.on('error', ignoreEpipe);
	try {
		// --json keeps the data whole: C1 controls, DEL, bidi and invisible characters are written as
		// \u escapes (JSON.stringify leaves them raw), so jq gets the real string back and a terminal
		// showing the raw JSON sees nothing it would act on.
		await write(parsed.json ? `${jsonText(result.items, 2)}\n` : render(result, {color}));
	} catch (error) {
		// `ecs-top get tasks | head` closes the pipe early: that is success, not a failure.
		if ((error as NodeJS.ErrnoException).code === 'EPIPE') return 0;
		throw error;
	}
	return 0;
}
