// Datapoints sent with PutMetricData (or injected with POST /_sim/metrics): one statistic set per
// series and minute, at standard (1-minute) resolution. A stored minute wins over a generated one
// for the same series and minute, so a test can plant exact values anywhere, AWS/ECS included.
// Minutes older than CloudWatch's 15 days of 1-minute data are dropped as new ones arrive.
import {RETENTION_MS} from './runs.js';
import {MINUTE, merge, type StatSet} from './stats.js';

export interface StoredMinute extends StatSet {
	unit: string;
}

export class CustomMetrics {
	private readonly series = new Map<string, Map<number, StoredMinute>>();

	constructor(private readonly now: () => number) {}

	get size(): number {
		return this.series.size;
	}

	add(key: string, timestamp: number, set: StatSet, unit: string): void {
		let minutes = this.series.get(key);
		if (!minutes) this.series.set(key, (minutes = new Map()));
		const minute = Math.floor(timestamp / MINUTE) * MINUTE;
		const stored = minutes.get(minute);
		// A minute keeps the unit it was first given; CloudWatch keeps units per datapoint, a rare mix is not modelled.
		if (stored) merge(stored, set);
		else minutes.set(minute, {...set, unit});
		if (minutes.size % 1000 === 0) this.expire(minutes);
	}

	/** Stored minutes of a series in [from, to). */
	minutes(key: string, from: number, to: number): Map<number, StoredMinute> {
		const minutes = this.series.get(key);
		const out = new Map<number, StoredMinute>();
		if (!minutes) return out;
		for (const [m, set] of minutes) if (m >= from && m < to) out.set(m, set);
		return out;
	}

	private expire(minutes: Map<number, StoredMinute>): void {
		const horizon = this.now() - RETENTION_MS;
		for (const m of minutes.keys()) if (m < horizon) minutes.delete(m);
	}
}
