// The simulator's CloudWatch (metrics): the task runs it generates ECS and Container Insights
// series from, the datapoints clients put, the operations the server routes to
// (`GraniteServiceVersion20100801.<Op>`), the POST /_sim/metrics injection, and the count of
// metrics requested (what AWS bills GetMetricData by) for GET /_sim/stats.
import type {Body} from '../protocol.js';
import type {WorldData} from '../world-data.js';
import {CustomMetrics} from './custom.js';
import {getMetricData} from './ops-get.js';
import {parseMetricData} from './ops-put.js';
import {TaskRuns} from './runs.js';

export class CloudWatchSim {
	readonly runs: TaskRuns;
	readonly custom: CustomMetrics;
	/** MetricDataQueries with ReturnData not false, over every GetMetricData answered. */
	metricsRequested = 0;

	/** Construct before the worlds are built, so every task's run is seen from its start. */
	constructor(readonly world: WorldData, seed: number) {
		this.runs = new TaskRuns(world, seed);
		this.custom = new CustomMetrics(() => world.now());
	}

	putMetricData(body: Body, allowAwsNamespace = false): number {
		const points = parseMetricData(body, this.world.now(), {allowAwsNamespace});
		for (const p of points) this.custom.add(p.key, p.timestamp, p.set, p.unit);
		return points.length;
	}

	/** POST /_sim/metrics: PutMetricData's body, any namespace (AWS/ECS included). */
	inject(body: Body): {ok: true; stored: number} {
		return {ok: true, stored: this.putMetricData(body, true)};
	}
}

export const cloudwatchOperations: Record<string, (cw: CloudWatchSim, body: Body) => unknown> = {
	GetMetricData: getMetricData,
	PutMetricData(cw, body) {
		cw.putMetricData(body);
		return {};
	},
};
