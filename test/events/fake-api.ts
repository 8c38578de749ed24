// An in-memory EcsApi with just what the events loop calls, for fast step-by-step tests of the
// loop's logic (the simulator-backed tests cover the wire).
import type {CallOptions, Described, EcsApi} from '../../source/aws/ecs-api.js';
import {operationCategory, type RateLimiter} from '../../source/aws/limiter.js';
import type {Service, ServiceEvent} from '../../source/domain.js';

const base = Date.parse('2026-11-22T02:00:00.000Z');

export class FakeEcs {
	/** Server clock in ms since base; advanced by the test. */
	clock = 0;
	services = new Map<string, Service>();
	calls: Array<{op: string; at: number; services?: readonly string[]; priority?: string}> = [];
	failNext: unknown[] = [];
	/** Runs before each call answers (to create events "between" calls). */
	beforeCall?: (op: string) => void;
	clusterExists = true;
	/** When set, each call first draws from it, as the real client does. */
	limiter?: RateLimiter;
	private nextId = 0;

	constructor(readonly cluster = 'prod') {}

	arn(name: string): string {
		return `arn:aws:ecs:us-east-1:123456789012:service/${this.cluster}/${name}`;
	}

	addService(name: string, status = 'ACTIVE'): Service {
		const service = {
			serviceArn: this.arn(name),
			serviceName: name,
			clusterArn: `arn:aws:ecs:us-east-1:123456789012:cluster/${this.cluster}`,
			status,
			desiredCount: 1,
			runningCount: 1,
			pendingCount: 0,
			taskDefinition: 'td:1',
			deployments: [],
			events: [],
			loadBalancers: [],
			placementStrategy: [],
			placementConstraints: [],
		} as Service;
		this.services.set(name, service);
		return service;
	}

	/** Appends events at the current server time, newest first and at most 100, as ECS keeps them. */
	addEvents(name: string, count = 1, message?: string): ServiceEvent[] {
		const service = this.services.get(name) ?? this.addService(name);
		const added: ServiceEvent[] = [];
		for (let i = 0; i < count; i++) {
			const id = `ev-${String(this.nextId++).padStart(6, '0')}`;
			added.push({id, createdAt: new Date(base + this.clock).toISOString(), message: message ?? `(service ${name}) event ${id}`});
		}
		service.events = [...added.reverse(), ...service.events].slice(0, 100);
		return added;
	}

	api(): EcsApi {
		const unsupported = () => {
			throw new Error('not used by the events loop');
		};
		const answer = async <T>(op: string, options: CallOptions | undefined, result: () => T, services?: readonly string[]) => {
			await this.limiter?.acquire(operationCategory[op]!, options?.priority ?? 'poll', options?.signal);
			this.calls.push({op, at: this.clock, services, priority: options?.priority});
			await Promise.resolve();
			const failure = this.failNext.shift();
			if (failure) throw failure;
			if (!this.clusterExists) throw Object.assign(new Error('Cluster not found.'), {name: 'ClusterNotFoundException'});
			this.beforeCall?.(op);
			return structuredClone(result());
		};
		return {
			listServiceArns: (_cluster, options) =>
				answer('ListServices', options, () => [...this.services.values()].filter(s => s.status === 'ACTIVE').map(s => s.serviceArn)),
			describeServices: (_cluster, names, options) =>
				answer(
					'DescribeServices',
					options,
					(): Described<Service> => {
						const items: Service[] = [];
						const failures = [];
						for (const name of names) {
							const service = this.services.get(name.split('/').at(-1)!);
							if (service) items.push(service);
							else failures.push({arn: name.startsWith('arn:') ? name : this.arn(name), reason: 'MISSING'});
						}
						return {items, failures};
					},
					names,
				),
			listClusterArns: unsupported,
			listTaskDefinitionFamilies: unsupported,
			listTaskDefinitionArns: unsupported,
			describeServiceRevisions: unsupported,
			describeClusters: unsupported,
			listTaskArns: unsupported,
			describeTasks: unsupported,
			listContainerInstanceArns: unsupported,
			describeContainerInstances: unsupported,
			describeTaskDefinition: unsupported,
			listServiceDeployments: unsupported,
			describeServiceDeployments: unsupported,
			stopTask: unsupported,
			updateService: unsupported,
			updateContainerInstancesState: unsupported,
			executeCommand: unsupported,
			stopServiceDeployment: unsupported,
		};
	}
}
