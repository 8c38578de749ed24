// RegisterTaskDefinition's request, checked the way ECS checks it and turned into a record: the
// fields a monitor shows (containers, images, sizes, ports, environment, secrets, logging, health
// check, roles, tags). Other members of the request are accepted and not kept.
import {invalid, optString, reqString, SimError, type Body} from './protocol.js';
import type {SimContainerDefinition, TaskDefRec} from './model.js';
import type {Tag} from '../domain.js';

const client = (message: string) => new SimError('ClientException', message);

const NETWORK_MODES = ['bridge', 'host', 'awsvpc', 'none'];
const COMPATIBILITIES = ['EC2', 'FARGATE', 'EXTERNAL', 'MANAGED_INSTANCES'];

export type TaskDefInput = Omit<TaskDefRec, 'arn' | 'revision' | 'registeredAt' | 'registeredBy' | 'status'>;

function object(value: unknown, what: string): Body {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(`${what} must be an object.`);
	return value as Body;
}

function list(value: unknown, what: string): unknown[] {
	if (value === undefined || value === null) return [];
	if (!Array.isArray(value)) throw invalid(`${what} must be a list.`);
	return value;
}

function optNumber(body: Body, key: string, what: string): number | undefined {
	const value = body[key];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'number' || !Number.isInteger(value)) throw invalid(`${what}.${key} must be an integer.`);
	return value;
}

function strings(value: unknown, what: string): string[] | undefined {
	if (value === undefined || value === null) return undefined;
	if (!Array.isArray(value) || value.some(v => typeof v !== 'string')) throw invalid(`${what} must be a list of strings.`);
	return value as string[];
}

/** Task-level cpu: "256" units or "0.25 vCPU"; memory: "512" MiB or "1 GB" (ECS converts both to the number). */
function size(value: unknown, key: 'cpu' | 'memory'): number | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') throw invalid(`${key} must be a string.`);
	const m = /^\s*(\d+(?:\.\d+)?)\s*(vcpu|gb)?\s*$/i.exec(value);
	const unit = m?.[2]?.toLowerCase();
	if (!m || (unit === 'vcpu' && key !== 'cpu') || (unit === 'gb' && key !== 'memory')) throw client(`Invalid '${key}' setting for task: ${value}.`);
	const n = Number(m[1]) * (unit === 'vcpu' ? 1024 : unit === 'gb' ? 1024 : 1);
	if (!Number.isInteger(n) || n <= 0) throw client(`Invalid '${key}' setting for task: ${value}.`);
	return n;
}

function container(raw: unknown, networkMode: string, taskMemory: number | undefined): SimContainerDefinition {
	const c = object(raw, 'containerDefinitions[]');
	const name = optString(c, 'name');
	if (!name) throw client('Container.name should not be null or empty.');
	const image = optString(c, 'image');
	if (!image) throw client('Container.image should not be null or empty.');
	const memory = optNumber(c, 'memory', 'Container');
	const memoryReservation = optNumber(c, 'memoryReservation', 'Container');
	if (taskMemory === undefined && memory === undefined && memoryReservation === undefined) {
		throw client(`Invalid setting for container '${name}'. At least one of 'memory' or 'memoryReservation' must be specified.`);
	}
	if (memory !== undefined && memoryReservation !== undefined && memoryReservation > memory) {
		throw client(`Invalid 'memory' setting for container '${name}'. Container.memory should be greater than or equal to Container.memoryReservation.`);
	}
	const portMappings = list(c.portMappings, 'portMappings').map(p => {
		const m = object(p, 'portMappings[]');
		const containerPort = optNumber(m, 'containerPort', 'PortMapping');
		let hostPort = optNumber(m, 'hostPort', 'PortMapping');
		const protocol = optString(m, 'protocol') ?? 'tcp';
		if (protocol !== 'tcp' && protocol !== 'udp') throw invalid('protocol must be one of tcp, udp.');
		if (networkMode === 'awsvpc' || networkMode === 'host') {
			if (hostPort !== undefined && containerPort !== undefined && hostPort !== containerPort) {
				throw client(`When networkMode=${networkMode}, the host ports and container ports in port mappings must match.`);
			}
			hostPort = containerPort;
		}
		return {containerPort, hostPort: hostPort ?? 0, protocol};
	});
	const environment = list(c.environment, 'environment').map(e => {
		const pair = object(e, 'environment[]');
		return {name: reqString(pair, 'name'), value: optString(pair, 'value') ?? ''};
	});
	const secrets = c.secrets === undefined || c.secrets === null ? undefined : list(c.secrets, 'secrets').map(e => {
		const pair = object(e, 'secrets[]');
		return {name: reqString(pair, 'name'), valueFrom: reqString(pair, 'valueFrom')};
	});
	let logConfiguration: SimContainerDefinition['logConfiguration'];
	if (c.logConfiguration !== undefined && c.logConfiguration !== null) {
		const l = object(c.logConfiguration, 'logConfiguration');
		const options = l.options === undefined || l.options === null ? undefined : object(l.options, 'logConfiguration.options');
		if (options && Object.values(options).some(v => typeof v !== 'string')) throw invalid('logConfiguration.options values must be strings.');
		logConfiguration = {logDriver: reqString(l, 'logDriver'), options: options as Record<string, string> | undefined};
	}
	let healthCheck: SimContainerDefinition['healthCheck'];
	if (c.healthCheck !== undefined && c.healthCheck !== null) {
		const h = object(c.healthCheck, 'healthCheck');
		const command = strings(h.command, 'healthCheck.command');
		if (!command || command.length === 0) throw client('Container.healthCheck.command should not be null or empty.');
		// ECS stores its defaults and sends them back.
		healthCheck = {
			command,
			interval: optNumber(h, 'interval', 'HealthCheck') ?? 30,
			timeout: optNumber(h, 'timeout', 'HealthCheck') ?? 5,
			retries: optNumber(h, 'retries', 'HealthCheck') ?? 3,
			startPeriod: optNumber(h, 'startPeriod', 'HealthCheck'),
		};
	}
	const essential = c.essential === undefined || c.essential === null ? true : c.essential;
	if (typeof essential !== 'boolean') throw invalid('essential must be a boolean.');
	const dockerLabels = c.dockerLabels === undefined || c.dockerLabels === null ? undefined : object(c.dockerLabels, 'dockerLabels') as Record<string, string>;
	return {
		name,
		image,
		cpu: optNumber(c, 'cpu', 'Container') ?? 0,
		memory,
		memoryReservation,
		essential,
		portMappings,
		environment,
		secrets,
		logConfiguration,
		healthCheck,
		command: strings(c.command, 'command'),
		entryPoint: strings(c.entryPoint, 'entryPoint'),
		workingDir: optString(c, 'workingDir'),
		dockerLabels,
	};
}

function tags(value: unknown): Tag[] {
	return list(value, 'tags').map(t => {
		const tag = object(t, 'tags[]');
		return {key: reqString(tag, 'key'), value: optString(tag, 'value') ?? ''};
	});
}

export function parseTaskDefInput(body: Body): TaskDefInput {
	const family = reqString(body, 'family');
	if (!/^[A-Za-z0-9_-]{1,255}$/.test(family)) throw client('Family contains invalid characters. Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed.');
	// ECS's default network mode on Linux.
	const networkMode = optString(body, 'networkMode') ?? 'bridge';
	if (!NETWORK_MODES.includes(networkMode)) throw invalid(`networkMode must be one of ${NETWORK_MODES.join(', ')}.`);
	const requiresCompatibilities = strings(body.requiresCompatibilities, 'requiresCompatibilities') ?? [];
	const unknown = requiresCompatibilities.find(c => !COMPATIBILITIES.includes(c));
	if (unknown !== undefined) throw invalid(`requiresCompatibilities must be among ${COMPATIBILITIES.join(', ')}.`);
	const cpu = size(body.cpu, 'cpu');
	const memory = size(body.memory, 'memory');
	if (requiresCompatibilities.includes('FARGATE')) {
		if (networkMode !== 'awsvpc') throw client("Fargate only supports network mode 'awsvpc'.");
		if (cpu === undefined) throw client("Fargate requires that 'cpu' be defined at the task level.");
		if (memory === undefined) throw client("Fargate requires that 'memory' be defined at the task level.");
	}
	const raw = list(body.containerDefinitions, 'containerDefinitions');
	if (raw.length === 0) throw client('Container list cannot be empty.');
	const containers = raw.map(c => container(c, networkMode, memory));
	const names = new Set<string>();
	for (const c of containers) {
		if (names.has(c.name)) throw client(`Duplicate container name: ${c.name}.`);
		names.add(c.name);
	}
	return {
		family,
		cpu: cpu ?? containers.reduce((sum, c) => sum + (c.cpu ?? 0), 0),
		memory: memory ?? containers.reduce((sum, c) => sum + (c.memory ?? c.memoryReservation ?? 0), 0),
		taskLevel: {cpu: cpu !== undefined, memory: memory !== undefined},
		networkMode,
		requiresCompatibilities,
		containerDefinitions: containers,
		taskRoleArn: optString(body, 'taskRoleArn'),
		executionRoleArn: optString(body, 'executionRoleArn'),
		tags: tags(body.tags),
		behaviour: {},
	};
}
