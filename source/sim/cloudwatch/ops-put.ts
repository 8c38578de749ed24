// PutMetricData, checked as CloudWatch documents it (the API reference's PutMetricData and
// MetricDatum): a namespace that does not start with "AWS/" (reserved for AWS's own services:
// the older SDK documentation says "You cannot specify a namespace that begins with AWS/", so the
// simulator refuses it), 1 to 1,000 datums, and per datum a name, at most 30 dimensions, a
// timestamp no more than two weeks in the past or two hours ahead, and one of Value,
// Values (+ Counts, at most 150) or StatisticValues. POST /_sim/metrics takes the same body and
// also AWS/ namespaces, so tests can plant AWS/ECS datapoints.
import type {Body} from '../protocol.js';
import {
	dimensions, finite, invalidCombination, invalidValue, list, missing, object, seriesKey, text, time, unit,
} from './protocol.js';
import type {StatSet} from './stats.js';

const MAX_DATUMS = 1000;
const MAX_VALUES = 150;
const PAST_MS = 14 * 86_400_000;
const FUTURE_MS = 2 * 3_600_000;

export interface Datapoint {
	key: string;
	timestamp: number;
	set: StatSet;
	unit: string;
}

/** CloudWatch refuses values it cannot store: beyond ±1.174271e+108 or closer to 0 than 8.515920e-109. */
function storable(value: number, path: string): number {
	const v = finite(value, path);
	const magnitude = Math.abs(v);
	if (magnitude !== 0 && (magnitude > 1.174_271e108 || magnitude < 8.515_92e-109)) throw invalidValue(`The value ${v} for parameter ${path} is invalid.`);
	return v;
}

function statSet(datum: Body, path: string): StatSet {
	const has = (k: string) => datum[k] !== undefined && datum[k] !== null;
	if (has('StatisticValues') && (has('Value') || has('Values'))) {
		throw invalidCombination(`The parameters ${path}.Value, ${path}.Values and ${path}.StatisticValues are mutually exclusive and you have specified more than one.`);
	}
	if (has('Value') && has('Values')) throw invalidCombination(`The parameters ${path}.Value and ${path}.Values are mutually exclusive and you have specified both.`);
	if (has('Value')) {
		const v = storable(datum.Value as number, `${path}.Value`);
		return {count: 1, sum: v, min: v, max: v};
	}
	if (has('Values')) {
		const values = list(datum.Values, `${path}.Values`).map((v, i) => storable(v as number, `${path}.Values.member.${i + 1}`));
		if (values.length === 0 || values.length > MAX_VALUES) throw invalidValue(`The collection ${path}.Values must have between 1 and ${MAX_VALUES} items.`);
		const counts = has('Counts') ? list(datum.Counts, `${path}.Counts`).map((c, i) => finite(c, `${path}.Counts.member.${i + 1}`)) : values.map(() => 1);
		if (counts.length !== values.length) throw invalidValue(`The parameters ${path}.Values and ${path}.Counts must be of the same size.`);
		if (counts.some(c => c <= 0)) throw invalidValue(`The parameter ${path}.Counts must hold positive numbers.`);
		let count = 0;
		let sum = 0;
		for (const [i, v] of values.entries()) {
			count += counts[i]!;
			sum += v * counts[i]!;
		}
		return {count, sum, min: Math.min(...values), max: Math.max(...values)};
	}
	if (has('StatisticValues')) {
		const s = object(datum.StatisticValues, `${path}.StatisticValues`);
		const set = {
			count: finite(s.SampleCount, `${path}.StatisticValues.SampleCount`),
			sum: storable(s.Sum as number, `${path}.StatisticValues.Sum`),
			min: storable(s.Minimum as number, `${path}.StatisticValues.Minimum`),
			max: storable(s.Maximum as number, `${path}.StatisticValues.Maximum`),
		};
		if (set.count <= 0 || set.min > set.max) throw invalidValue(`The parameter ${path}.StatisticValues is invalid.`);
		return set;
	}
	throw missing(`One of the parameters ${path}.Value, ${path}.Values or ${path}.StatisticValues must be specified.`);
}

/** A PutMetricData body → datapoints (nothing is stored when any datum is refused). */
export function parseMetricData(body: Body, now: number, options: {allowAwsNamespace: boolean}): Datapoint[] {
	const namespace = text(body.Namespace, 'Namespace', 255)!;
	if (/[\u0000-\u001F\u007F]/.test(namespace) || (!options.allowAwsNamespace && namespace.startsWith('AWS/'))) {
		throw invalidValue(`The value ${namespace} for parameter Namespace is invalid.`);
	}
	const datums = list(body.MetricData, 'MetricData');
	if (datums.length === 0) throw missing('The parameter MetricData is required.');
	if (datums.length > MAX_DATUMS) throw invalidValue(`The collection MetricData must not have a size greater than ${MAX_DATUMS}.`);
	return datums.map((raw, i) => {
		const path = `MetricData.member.${i + 1}`;
		const datum = object(raw, path);
		const name = text(datum.MetricName, `${path}.MetricName`, 255)!;
		const dims = dimensions(datum.Dimensions, `${path}.Dimensions`);
		const timestamp = datum.Timestamp === undefined || datum.Timestamp === null ? now : time(datum.Timestamp, `${path}.Timestamp`);
		if (timestamp < now - PAST_MS || timestamp > now + FUTURE_MS) {
			throw invalidValue(`The parameter ${path}.Timestamp must specify a time no more than two weeks in the past and no more than two hours in the future.`);
		}
		const resolution = datum.StorageResolution;
		if (resolution !== undefined && resolution !== null && resolution !== 1 && resolution !== 60) throw invalidValue(`The value ${String(resolution)} for parameter ${path}.StorageResolution is invalid.`);
		return {key: seriesKey(namespace, name, dims), timestamp, set: statSet(datum, path), unit: unit(datum.Unit, `${path}.Unit`) ?? 'None'};
	});
}
