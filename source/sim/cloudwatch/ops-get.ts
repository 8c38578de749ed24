// GetMetricData for MetricStat queries (metric math is refused: the simulator does not evaluate
// expressions). Checks as CloudWatch documents them: 1 to 500 queries, ids that start with a
// lower-case letter and are unique, periods in whole minutes, StartTime before EndTime.
//
// Periods start at StartTime rounded down to the minute (CloudWatch's rounding for data under 15
// days old) and step by Period; a period's datapoint combines its minutes' statistic sets.
// Publishing latency, the simulator's rule: a generated (ECS, Container Insights) period has data
// only once it is whole and its end is PUBLISH_LAG_MS in the past; the current, incomplete minute
// never has a datapoint. Datapoints stored with PutMetricData count at once, as at CloudWatch, and
// win over a generated minute of the same series.
//
// Paging: the datapoints of all queries, in query order and then ScanBy's, are cut into pages of
// MaxDatapoints (default 100,800); a query cut short says PartialData, and NextToken carries the
// position and the time the first page was computed at, so later pages see the same data.
import {hashString} from '../logs/hash.js';
import {encodeOpaque} from '../logs/tokens.js';
import {SimError, type Body} from '../protocol.js';
import {generatedSeries} from './generated.js';
import {dimensions, epochSeconds, invalidValue, list, missing, object, seriesKey, text, time, unit, validation} from './protocol.js';
import type {CloudWatchSim} from './service.js';
import {MINUTE, STATISTICS, merge, statistic, type StatSet, type Statistic} from './stats.js';

export const PUBLISH_LAG_MS = 60_000;
export const MAX_QUERIES = 500;
export const DEFAULT_MAX_DATAPOINTS = 100_800;

interface MetricQuery {
	id: string;
	label: string;
	namespace: string;
	name: string;
	dims: Array<{Name: string; Value: string}>;
	period: number;
	stat: Statistic;
	unit?: string;
}

const invalidToken = () => new SimError('InvalidNextToken', 'The specified nextToken is invalid.');

function parseQuery(raw: unknown, i: number, ids: Set<string>): MetricQuery | undefined {
	const path = `MetricDataQueries.member.${i + 1}`;
	const q = object(raw, path);
	const id = text(q.Id, `${path}.Id`, 255)!;
	if (!/^[a-z][a-zA-Z0-9_]*$/.test(id)) throw validation(`The value ${id} for parameter ${path}.Id is invalid: an id starts with a lower-case letter and holds only letters, digits and underscores.`);
	if (ids.has(id)) throw validation('The values for parameter id in MetricDataQueries are not unique.');
	ids.add(id);
	const hasStat = q.MetricStat !== undefined && q.MetricStat !== null;
	const hasExpression = q.Expression !== undefined && q.Expression !== null;
	if (hasStat === hasExpression) throw validation(`Exactly one of ${path}.MetricStat and ${path}.Expression must be given.`);
	if (hasExpression) throw invalidValue(`Metric math is not implemented by the simulator (query ${id}: Expression); send MetricStat queries.`);
	if (q.ReturnData === false) return undefined;
	const s = object(q.MetricStat, `${path}.MetricStat`);
	const metric = object(s.Metric, `${path}.MetricStat.Metric`);
	const period = s.Period;
	if (typeof period !== 'number' || !Number.isInteger(period) || period < 60 || period % 60 !== 0) {
		throw validation(`The parameter ${path}.MetricStat.Period must be a multiple of 60 (the simulator serves standard-resolution metrics).`);
	}
	const stat = text(s.Stat, `${path}.MetricStat.Stat`, 50)!;
	if (!(STATISTICS as readonly string[]).includes(stat)) throw invalidValue(`The simulator serves the statistics ${STATISTICS.join(', ')}; query ${id} asks for ${stat}.`);
	const name = text(metric.MetricName, `${path}.MetricStat.Metric.MetricName`, 255)!;
	return {
		id,
		label: text(q.Label, `${path}.Label`, 2048, false) ?? name,
		namespace: text(metric.Namespace, `${path}.MetricStat.Metric.Namespace`, 255)!,
		name,
		dims: dimensions(metric.Dimensions, `${path}.MetricStat.Metric.Dimensions`),
		period,
		stat: stat as Statistic,
		unit: unit(s.Unit, `${path}.MetricStat.Unit`),
	};
}

/** A query's datapoints, oldest first, as of `asOf`. */
function datapoints(cw: CloudWatchSim, q: MetricQuery, start: number, end: number, asOf: number): Array<[number, number]> {
	const from = Math.floor(start / MINUTE) * MINUTE;
	const to = Math.ceil(end / MINUTE) * MINUTE;
	const periodMs = q.period * 1000;
	const custom = cw.custom.minutes(seriesKey(q.namespace, q.name, q.dims), from, to);
	if (q.unit) for (const [m, set] of custom) if (set.unit !== q.unit) custom.delete(m);
	// Whole periods whose end is PUBLISH_LAG_MS past: a prefix of the periods.
	const published = Math.max(0, Math.floor((asOf - PUBLISH_LAG_MS - from) / periodMs));
	const generatedTo = Math.min(to, from + (published * periodMs));
	const series = generatedSeries(cw.world, cw.runs, q.namespace, q.name, q.dims);
	const generated = series && (!q.unit || q.unit === series.unit) && generatedTo > from ? series.minutes(from, generatedTo) : new Map<number, StatSet>();
	const buckets = new Map<number, StatSet>();
	const add = (m: number, set: StatSet) => {
		const b = from + (Math.floor((m - from) / periodMs) * periodMs);
		const bucket = buckets.get(b);
		if (bucket) merge(bucket, set);
		else buckets.set(b, {...set});
	};
	for (const [m, set] of generated) if (!custom.has(m)) add(m, set);
	for (const [m, set] of custom) add(m, set);
	return [...buckets].sort((a, b) => a[0] - b[0]).map(([b, set]) => [b, statistic(set, q.stat)]);
}

function fingerprint(body: Body): string {
	const {NextToken: _, ...rest} = body;
	return hashString(JSON.stringify(rest)).toString(36);
}

function readToken(token: unknown, body: Body): {offset: number; asOf: number} | undefined {
	if (token === undefined || token === null || token === '') return undefined;
	if (typeof token !== 'string') throw invalidToken();
	let value: unknown;
	try {
		value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
	} catch {
		throw invalidToken();
	}
	const t = value as {o?: unknown; a?: unknown; h?: unknown};
	if (typeof t?.o !== 'number' || typeof t.a !== 'number' || t.h !== fingerprint(body)) throw invalidToken();
	return {offset: t.o, asOf: t.a};
}

export function getMetricData(cw: CloudWatchSim, body: Body) {
	const raw = list(body.MetricDataQueries, 'MetricDataQueries');
	if (raw.length === 0) throw missing('The parameter MetricDataQueries is required.');
	if (raw.length > MAX_QUERIES) throw validation(`The collection MetricDataQueries must not have a size greater than ${MAX_QUERIES}.`);
	const ids = new Set<string>();
	const queries = raw.map((q, i) => parseQuery(q, i, ids)).filter(q => q !== undefined);
	if (body.StartTime === undefined || body.StartTime === null) throw missing('The parameter StartTime is required.');
	if (body.EndTime === undefined || body.EndTime === null) throw missing('The parameter EndTime is required.');
	const start = time(body.StartTime, 'StartTime');
	const end = time(body.EndTime, 'EndTime');
	if (start >= end) throw validation('The parameter StartTime must be less than the parameter EndTime.');
	const scanBy = text(body.ScanBy, 'ScanBy', 32, false) ?? 'TimestampDescending';
	if (scanBy !== 'TimestampDescending' && scanBy !== 'TimestampAscending') throw invalidValue(`The value ${scanBy} for parameter ScanBy is invalid.`);
	const max = body.MaxDatapoints ?? DEFAULT_MAX_DATAPOINTS;
	if (typeof max !== 'number' || !Number.isInteger(max) || max < 1) throw invalidValue(`The value ${String(max)} for parameter MaxDatapoints is invalid.`);
	const token = readToken(body.NextToken, body);
	const asOf = token?.asOf ?? cw.world.now();
	const offset = token?.offset ?? 0;
	// Billed per metric requested, every page included.
	cw.metricsRequested += queries.length;

	let position = 0;
	const results = queries.map(q => {
		const points = datapoints(cw, q, start, end, asOf);
		if (scanBy === 'TimestampDescending') points.reverse();
		const first = position;
		position += points.length;
		const page = points.slice(Math.max(0, offset - first), Math.max(0, offset + max - first));
		return {
			Id: q.id,
			Label: q.label,
			Timestamps: page.map(([t]) => epochSeconds(t)),
			Values: page.map(([, v]) => v),
			StatusCode: position > offset + max ? 'PartialData' : 'Complete',
			Messages: [],
		};
	});
	return {
		MetricDataResults: results,
		NextToken: position > offset + max ? encodeOpaque({o: offset + max, a: asOf, h: fingerprint(body)}) : undefined,
		Messages: [],
	};
}
