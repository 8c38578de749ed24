// The real EcsApi: every List paginated to the end (maxResults 100), every Describe chunked at its
// API limit with bounded parallelism, every call drawn from the shared rate limiter and retried
// here (the SDK itself is built with maxAttempts 1, so retry timing is ours and injectable).
// Reads are retried on throttles, 5xx and network faults (a scheduled poll on throttles only: its
// next poll, backed off, is the retry); a mutation only when ECS surely did not
// apply it (throttled, or no connection was made): a resend after a lost answer could stop a
// second task's worth of capacity, scale twice or start a second deployment.
import {
	DescribeClustersCommand,
	DescribeContainerInstancesCommand,
	DescribeServiceDeploymentsCommand,
	DescribeServicesCommand,
	DescribeTaskDefinitionCommand,
	DescribeTasksCommand,
	ExecuteCommandCommand,
	ListClustersCommand,
	ListContainerInstancesCommand,
	ListServiceDeploymentsCommand,
	ListTaskDefinitionFamiliesCommand,
	ListTaskDefinitionsCommand,
	DescribeServiceRevisionsCommand,
	ListServicesCommand,
	ListTasksCommand,
	StopServiceDeploymentCommand,
	StopTaskCommand,
	UpdateContainerInstancesStateCommand,
	UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import type {ContainerInstance, Failure, Service, Task} from '../domain.js';
import {chunk, mapLimit} from './chunks.js';
import {batchLimit, listPageSize} from './limits.js';
import type {CallOptions, Described, EcsApi, ExecuteCommandInput, ExecSession, Mutation, MutationOptions, ServiceUpdate, TaskFilter, WireHook} from './ecs-api.js';
import {describeError, ReadOnlyError, surelyNotApplied} from './errors.js';
import {limitedRead, readTiming} from './limited-read.js';
import {sendMutation} from './mutate.js';
import {operationCategory, type RateLimiter} from './limiter.js';
import * as map from './mappers.js';

/** What the client needs of the SDK: ECSClient#send. */
export type Send = (command: any, options?: {abortSignal?: AbortSignal}) => Promise<any>;

export interface RetryOptions {
	maxAttempts?: number;
	baseDelayMs?: number;
	maxDelayMs?: number;
}

export interface EcsClientOptions {
	send: Send;
	readOnly: boolean;
	limiter: RateLimiter;
	retry?: RetryOptions;
	sleep?: (ms: number) => Promise<void>;
	random?: () => number;
	/** Describe chunks in flight at once per call. */
	concurrency?: number;
}

export class EcsClient implements EcsApi {
	readonly #o: Required<Omit<EcsClientOptions, 'retry'>> & {retry: Required<RetryOptions>};

	constructor(options: EcsClientOptions) {
		this.#o = {
			send: options.send,
			readOnly: options.readOnly,
			limiter: options.limiter,
			concurrency: options.concurrency ?? 4,
			...readTiming(options),
		};
	}

	#call<T>(operation: string, command: unknown, options: CallOptions = {}): Promise<T> {
		return limitedRead<T>(this.#o, operationCategory[operation] ?? 'clusterResourceRead', command, options);
	}

	/** One mutation request, resent only while ECS surely has not applied it; `hook` sees every send. */
	#mutate<T>(operation: Mutation, command: unknown, parameters: Record<string, unknown>, to: (output: any) => T, hook?: WireHook<T>): Promise<T> {
		return sendMutation(this.#o, operation, command, parameters, to, hook);
	}

	async #list(operation: string, make: (nextToken?: string) => unknown, key: string, options?: CallOptions): Promise<string[]> {
		const all: string[] = [];
		let nextToken: string | undefined;
		do {
			const page = await this.#call<Record<string, unknown>>(operation, make(nextToken), options);
			const arns = (page[key] as string[] | undefined) ?? [];
			all.push(...arns);
			if (arns.length > 0) options?.onPage?.(arns);
			// A short page does not mean the end: only a missing nextToken does.
			nextToken = page.nextToken as string | undefined;
		} while (nextToken);
		return all;
	}

	async #describe<T, S>(
		operation: string,
		ids: readonly string[],
		size: number,
		make: (batch: string[]) => unknown,
		key: string,
		to: (item: S) => T,
		options?: CallOptions,
	): Promise<Described<T>> {
		const batches = chunk([...new Set(ids)], size);
		let loaded = 0;
		const results = await mapLimit(batches, this.#o.concurrency, async batch => {
			const out = await this.#call<Record<string, unknown>>(operation, make(batch), options);
			loaded += batch.length;
			options?.onProgress?.(loaded, ids.length);
			return {
				items: ((out[key] as S[] | undefined) ?? []).map(to),
				failures: ((out.failures as Parameters<typeof map.toFailure>[0][] | undefined) ?? []).map(map.toFailure),
			};
		});
		return {items: results.flatMap(r => r.items), failures: results.flatMap(r => r.failures)};
	}

	#guard(operation: Mutation): void {
		// Before the hook sees anything: a refused call is neither sent nor audited.
		if (this.#o.readOnly) throw new ReadOnlyError(operation);
	}

	listClusterArns(options?: CallOptions) {
		// aws ecs list-clusters --max-results 100
		return this.#list('ListClusters', nextToken => new ListClustersCommand({maxResults: listPageSize, nextToken}), 'clusterArns', options);
	}

	describeClusters(clusters: readonly string[], options?: CallOptions) {
		// aws ecs describe-clusters --clusters A B … --include STATISTICS SETTINGS
		// (SETTINGS: whether Container Insights gives task utilization.)
		const make = (batch: string[]) => new DescribeClustersCommand({clusters: batch, include: ['STATISTICS', 'SETTINGS']});
		return this.#describe('DescribeClusters', clusters, batchLimit.DescribeClusters, make, 'clusters', map.toCluster, options);
	}

	listServiceArns(cluster: string, options?: CallOptions) {
		// aws ecs list-services --cluster C --max-results 100
		const make = (nextToken?: string) => new ListServicesCommand({cluster, maxResults: listPageSize, nextToken});
		return this.#list('ListServices', make, 'serviceArns', options);
	}

	describeServices(cluster: string, services: readonly string[], options?: CallOptions) {
		// aws ecs describe-services --cluster C --services S1 … S10
		const make = (batch: string[]) => new DescribeServicesCommand({cluster, services: batch});
		return this.#describe('DescribeServices', services, batchLimit.DescribeServices, make, 'services', map.toService, options);
	}

	listTaskArns(cluster: string, filter: TaskFilter = {}, options?: CallOptions) {
		// aws ecs list-tasks --cluster C [--service-name S] [--container-instance I] [--desired-status STOPPED] --max-results 100
		const make = (nextToken?: string) => new ListTasksCommand({cluster, ...filter, launchType: filter.launchType as never, maxResults: listPageSize, nextToken});
		return this.#list('ListTasks', make, 'taskArns', options);
	}

	describeTasks(cluster: string, tasks: readonly string[], options?: CallOptions) {
		// aws ecs describe-tasks --cluster C --tasks T1 … T100
		const make = (batch: string[]) => new DescribeTasksCommand({cluster, tasks: batch});
		return this.#describe('DescribeTasks', tasks, batchLimit.DescribeTasks, make, 'tasks', map.toTask, options);
	}

	listContainerInstanceArns(cluster: string, filter: {status?: string} = {}, options?: CallOptions) {
		// aws ecs list-container-instances --cluster C [--status DRAINING] --max-results 100
		const make = (nextToken?: string) => new ListContainerInstancesCommand({cluster, status: filter.status as never, maxResults: listPageSize, nextToken});
		return this.#list('ListContainerInstances', make, 'containerInstanceArns', options);
	}

	describeContainerInstances(cluster: string, instances: readonly string[], options?: CallOptions) {
		// aws ecs describe-container-instances --cluster C --container-instances I1 … I100 --include CONTAINER_INSTANCE_HEALTH
		const make = (batch: string[]) => new DescribeContainerInstancesCommand({cluster, containerInstances: batch, include: ['CONTAINER_INSTANCE_HEALTH']});
		return this.#describe('DescribeContainerInstances', instances, batchLimit.DescribeContainerInstances, make, 'containerInstances', map.toContainerInstance, options);
	}

	async describeTaskDefinition(taskDefinition: string, options?: CallOptions) {
		// aws ecs describe-task-definition --task-definition family:revision
		const out = await this.#call<{taskDefinition?: object}>('DescribeTaskDefinition', new DescribeTaskDefinitionCommand({taskDefinition}), options);
		return map.toTaskDefinition(out.taskDefinition ?? {});
	}

	listTaskDefinitionFamilies(filter: {familyPrefix?: string; status?: 'ACTIVE' | 'INACTIVE' | 'ALL'} = {}, options?: CallOptions) {
		// aws ecs list-task-definition-families [--family-prefix P] [--status ACTIVE|INACTIVE|ALL] --max-results 100
		const make = (nextToken?: string) => new ListTaskDefinitionFamiliesCommand({...filter, maxResults: listPageSize, nextToken});
		return this.#list('ListTaskDefinitionFamilies', make, 'families', options);
	}

	listTaskDefinitionArns(filter: {familyPrefix?: string; status?: 'ACTIVE' | 'INACTIVE'; sort?: 'ASC' | 'DESC'} = {}, options?: CallOptions) {
		// aws ecs list-task-definitions [--family-prefix P] [--status ACTIVE|INACTIVE] [--sort DESC] --max-results 100
		const make = (nextToken?: string) => new ListTaskDefinitionsCommand({...filter, maxResults: listPageSize, nextToken});
		return this.#list('ListTaskDefinitions', make, 'taskDefinitionArns', options);
	}

	describeServiceRevisions(arns: readonly string[], options?: CallOptions) {
		// aws ecs describe-service-revisions --service-revision-arns A1 … A20
		const make = (batch: string[]) => new DescribeServiceRevisionsCommand({serviceRevisionArns: batch});
		return this.#describe('DescribeServiceRevisions', arns, batchLimit.DescribeServiceRevisions, make, 'serviceRevisions', map.toServiceRevision, options);
	}

	async listServiceDeployments(cluster: string, service: string, options?: CallOptions) {
		const all = [];
		let nextToken: string | undefined;
		do {
			// aws ecs list-service-deployments --cluster C --service S --max-results 100 (no SDK paginator exists)
			const command = new ListServiceDeploymentsCommand({cluster, service, maxResults: listPageSize, nextToken});
			const page = await this.#call<{serviceDeployments?: object[]; nextToken?: string}>('ListServiceDeployments', command, options);
			all.push(...(page.serviceDeployments ?? []).map(map.toDeploymentBrief));
			nextToken = page.nextToken;
		} while (nextToken);
		return all;
	}

	describeServiceDeployments(arns: readonly string[], options?: CallOptions) {
		// aws ecs describe-service-deployments --service-deployment-arns A1 … A20
		const make = (batch: string[]) => new DescribeServiceDeploymentsCommand({serviceDeploymentArns: batch});
		return this.#describe('DescribeServiceDeployments', arns, batchLimit.DescribeServiceDeployments, make, 'serviceDeployments', map.toServiceDeployment, options);
	}

	async stopTask(cluster: string, task: string, reason: string, options: MutationOptions<Task> = {}) {
		this.#guard('StopTask');
		const input = {cluster, task, reason};
		// aws ecs stop-task --cluster C --task T --reason "…"
		return this.#mutate('StopTask', new StopTaskCommand(input), input, (out: {task?: object}) => map.toTask(out.task ?? {}), options.onWire);
	}

	async updateService(cluster: string, service: string, update: ServiceUpdate, options: MutationOptions<Service> = {}) {
		this.#guard('UpdateService');
		const input = {
			cluster,
			service,
			...(update.taskDefinition === undefined ? {} : {taskDefinition: update.taskDefinition}),
			...(update.desiredCount === undefined ? {} : {desiredCount: update.desiredCount}),
			...(update.forceNewDeployment === undefined ? {} : {forceNewDeployment: update.forceNewDeployment}),
			...(update.enableExecuteCommand === undefined ? {} : {enableExecuteCommand: update.enableExecuteCommand}),
		};
		// aws ecs update-service --cluster C --service S [--task-definition F:N] [--desired-count N] [--force-new-deployment] [--enable-execute-command]
		return this.#mutate('UpdateService', new UpdateServiceCommand(input), input, (out: {service?: object}) => map.toService(out.service ?? {}), options.onWire);
	}

	async stopServiceDeployment(serviceDeploymentArn: string, stopType: 'ROLLBACK', options: MutationOptions<{serviceDeploymentArn: string}> = {}) {
		this.#guard('StopServiceDeployment');
		const input = {serviceDeploymentArn, stopType};
		// aws ecs stop-service-deployment --service-deployment-arn ARN --stop-type ROLLBACK
		const to = (out: {serviceDeploymentArn?: string}) => ({serviceDeploymentArn: out.serviceDeploymentArn ?? serviceDeploymentArn});
		return this.#mutate('StopServiceDeployment', new StopServiceDeploymentCommand(input), input, to, options.onWire);
	}

	async executeCommand(input: ExecuteCommandInput, options: MutationOptions<ExecSession> = {}) {
		this.#guard('ExecuteCommand');
		const parameters = {cluster: input.cluster, task: input.task, ...(input.container === undefined ? {} : {container: input.container}), command: input.command, interactive: input.interactive};
		// aws ecs execute-command --cluster C --task T [--container N] --command "/bin/sh" --interactive
		return this.#mutate('ExecuteCommand', new ExecuteCommandCommand(parameters), parameters, map.toExecSession, options.onWire);
	}

	async updateContainerInstancesState(cluster: string, instances: readonly string[], status: 'ACTIVE' | 'DRAINING', options: MutationOptions<Described<ContainerInstance>> = {}) {
		this.#guard('UpdateContainerInstancesState');
		const items: ContainerInstance[] = [];
		const failures: Failure[] = [];
		let errors = 0;
		let lastError: unknown;
		const batches = chunk([...new Set(instances)], batchLimit.UpdateContainerInstancesState);
		const to = (out: {containerInstances?: object[]; failures?: object[]}) => ({
			items: (out.containerInstances ?? []).map(map.toContainerInstance),
			failures: (out.failures ?? []).map(map.toFailure),
		});
		for (const batch of batches) {
			try {
				const input = {cluster, containerInstances: batch, status};
				// aws ecs update-container-instances-state --cluster C --container-instances I1 … I10 --status DRAINING
				const out = await this.#mutate('UpdateContainerInstancesState', new UpdateContainerInstancesStateCommand(input), input, to, options.onWire);
				items.push(...out.items);
				failures.push(...out.failures);
			} catch (error) {
				// One failed batch must not hide the ones that went through: report its instances as failures
				// (saying so when the answer was lost and the batch may have been applied).
				errors++;
				lastError = error;
				const info = describeError(error);
				const detail = surelyNotApplied(error) ? info.message : `outcome unknown (answer lost): ${info.message}`;
				failures.push(...batch.map(arn => ({arn, reason: info.name, detail})));
			}
		}
		if (errors > 0 && errors === batches.length) throw lastError;
		return {items, failures};
	}
}
