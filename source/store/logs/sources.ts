// Where each container's logs go, read from its task definition's logConfiguration, and which
// CloudWatch reads cover a target's tasks: awslogs with a stream prefix is read (group in
// awslogs-region, stream `prefix/container/taskId`); everything else says in one line where its
// logs went instead.
import {arnRegion, shortId, type LogSource, type Task, type TaskDefinition} from '../../domain.js';

/** A container's LogSource. `region`: awslogs-region, else undefined (the cluster's). */
export function logSourceOf(container: TaskDefinition['containerDefinitions'][number]): LogSource {
	const config = container.logConfiguration;
	const name = container.name;
	if (!config) return {kind: 'elsewhere', container: name, explanation: 'no log configuration: its output stays with the container runtime (docker logs on the host)'};
	const options = config.options ?? {};
	const driver = config.logDriver;
	if (driver === 'awslogs') {
		const group = options['awslogs-group'];
		const prefix = options['awslogs-stream-prefix'];
		if (!group) return {kind: 'elsewhere', container: name, driver, explanation: 'awslogs without awslogs-group'};
		// Without a prefix the stream is named by the container's id, not the task's: nothing ties it to a task.
		if (!prefix) return {kind: 'elsewhere', container: name, driver, explanation: `awslogs to group ${group} without awslogs-stream-prefix: streams are named by container id, not task; read them in the console`};
		const source: LogSource = {kind: 'awslogs', container: name, group, streamPrefix: prefix};
		if (options['awslogs-region']) source.region = options['awslogs-region'];
		return source;
	}
	if (driver === 'awsfirelens') {
		const output = options.Name ?? 'its output plugin';
		const where = options.log_group_name ? ` (log group ${options.log_group_name})` : options.Host ? ` (${options.Host})` : '';
		return {kind: 'elsewhere', container: name, driver, explanation: `FireLens: sent by the log router container to ${output}${where}`};
	}
	if (driver === 'splunk') return {kind: 'elsewhere', container: name, driver, explanation: `splunk: sent to ${options['splunk-url'] ?? 'Splunk'}`};
	return {kind: 'elsewhere', container: name, driver, explanation: `${driver}: not in CloudWatch Logs`};
}

/** One log group's reads for the target: exact stream names, or one prefix per container when there are too many. */
export interface GroupRead {
	key: string;
	/** undefined: the client's own region (the cluster's). */
	region?: string;
	group: string;
	/** Exact stream names (`prefix/container/taskId`). */
	streams: string[];
	/** Task ids of the target in this group (a prefix read keeps only their lines). */
	taskIds: Set<string>;
}

export interface LogsPlan {
	reads: GroupRead[];
	sources: LogSource[];
	notes: string[];
	/** Epoch ms the earliest task started (or was created). */
	earliestStart?: number;
}

/** The most stream names FilterLogEvents and StartLiveTail take in one call. */
export const streamNamesLimit = 100;

export function planReads(tasks: readonly Task[], definitions: ReadonlyMap<string, TaskDefinition>, container?: string): LogsPlan {
	const reads = new Map<string, GroupRead>();
	const sources = new Map<string, LogSource>();
	const notes = new Set<string>();
	let earliestStart: number | undefined;
	for (const task of tasks) {
		const start = Date.parse(task.startedAt ?? task.createdAt ?? '');
		if (Number.isFinite(start)) earliestStart = Math.min(earliestStart ?? start, start);
		const definition = definitions.get(task.taskDefinitionArn);
		if (!definition) continue;
		const taskId = shortId(task.taskArn);
		for (const c of definition.containerDefinitions) {
			if (container !== undefined && c.name !== container) continue;
			const source = logSourceOf(c);
			sources.set(JSON.stringify(source), source);
			if (source.kind === 'elsewhere') {
				notes.add(`${c.name}: ${source.explanation}`);
				continue;
			}
			const region = source.region ?? arnRegion(task.taskArn);
			const key = `${region ?? ''}|${source.group}`;
			let read = reads.get(key);
			if (!read) reads.set(key, (read = {key, region, group: source.group, streams: [], taskIds: new Set()}));
			const stream = `${source.streamPrefix}/${c.name}/${taskId}`;
			if (!read.streams.includes(stream)) read.streams.push(stream);
			read.taskIds.add(taskId);
		}
	}
	const plan: LogsPlan = {reads: [...reads.values()], sources: [...sources.values()], notes: [...notes]};
	if (earliestStart !== undefined) plan.earliestStart = earliestStart;
	return plan;
}

/** The stream-name prefixes (`prefix/container/`) that cover a read too big for stream names. */
export function prefixesOf(read: GroupRead): string[] {
	return [...new Set(read.streams.map(s => s.slice(0, s.lastIndexOf('/') + 1)))];
}
