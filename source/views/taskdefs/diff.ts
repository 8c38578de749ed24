// What changed between two task definitions, as config: each definition is flattened into
// `path → value` pairs (`memory`, `taskRoleArn`, `containers.web.image`,
// `containers.web.environment.LOG_LEVEL`), and the pairs that differ are listed in path order, so
// the same two revisions always give the same lines. Environment values are shown (this is a diff
// of configuration, and ECS returns them in plain text anyway); secrets only by where they come
// from (valueFrom), as ECS never returns their values. Revision number, ARN, status and the
// register/deregister times always differ and say nothing about the config: they are left out.
import type {ContainerDefinition, TaskDefinition} from '../../domain.js';
import {clean, displayWidth, padWidth} from '../../text.js';

export type Flat = ReadonlyMap<string, string>;

function put(out: Map<string, string>, path: string, value: unknown): void {
	if (value === undefined || value === null || value === '') return;
	out.set(path, Array.isArray(value) ? value.join(',') : String(value));
}

function port(p: ContainerDefinition['portMappings'][number]): string {
	const host = p.hostPort !== undefined && p.hostPort !== p.containerPort ? `${p.hostPort}→` : '';
	return `${host}${p.containerPort ?? '?'}/${p.protocol ?? 'tcp'}`;
}

function container(out: Map<string, string>, c: ContainerDefinition): void {
	const at = `containers.${c.name}`;
	put(out, `${at}.image`, c.image);
	put(out, `${at}.cpu`, c.cpu);
	put(out, `${at}.memory`, c.memory);
	put(out, `${at}.memoryReservation`, c.memoryReservation);
	// ECS treats a container without the flag as essential.
	put(out, `${at}.essential`, c.essential ?? true);
	put(out, `${at}.ports`, c.portMappings.map(port).sort());
	for (const e of c.environment) put(out, `${at}.environment.${e.name}`, e.value ?? '');
	for (const s of c.secrets ?? []) put(out, `${at}.secrets.${s.name}`, s.valueFrom ?? '(set)');
	if (c.logConfiguration) {
		put(out, `${at}.logConfiguration.driver`, c.logConfiguration.logDriver);
		for (const [k, v] of Object.entries(c.logConfiguration.options ?? {})) put(out, `${at}.logConfiguration.options.${k}`, v);
	}
	const h = c.healthCheck;
	if (h) {
		put(out, `${at}.healthCheck.command`, h.command.join(' '));
		put(out, `${at}.healthCheck.interval`, h.interval);
		put(out, `${at}.healthCheck.timeout`, h.timeout);
		put(out, `${at}.healthCheck.retries`, h.retries);
		put(out, `${at}.healthCheck.startPeriod`, h.startPeriod);
	}
}

/** The definition's configuration as `path → value` (absent and empty values left out). */
export function flatten(td: TaskDefinition): Flat {
	const out = new Map<string, string>();
	put(out, 'family', td.family);
	put(out, 'cpu', td.cpu);
	put(out, 'memory', td.memory);
	put(out, 'networkMode', td.networkMode);
	put(out, 'requiresCompatibilities', [...(td.requiresCompatibilities ?? [])].sort());
	put(out, 'taskRoleArn', td.taskRoleArn);
	put(out, 'executionRoleArn', td.executionRoleArn);
	for (const c of td.containerDefinitions) container(out, c);
	return out;
}

export interface Change {
	path: string;
	/** Absent: the field is new. */
	old?: string;
	/** Absent: the field was removed. */
	new?: string;
}

/** The fields that differ, in path order. */
export function diff(older: TaskDefinition, newer: TaskDefinition): Change[] {
	const a = flatten(older);
	const b = flatten(newer);
	const paths = [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
	const changes: Change[] = [];
	for (const path of paths) {
		const old = a.get(path);
		const now = b.get(path);
		if (old !== now) changes.push({path, ...(old === undefined ? {} : {old}), ...(now === undefined ? {} : {new: now})});
	}
	return changes;
}

export interface DiffLine {
	sign: '-' | '+';
	text: string;
}

/** `- path  old` then `+ path  new` for each change, like git diff (a new field has only `+`). */
export function diffLines(changes: readonly Change[]): DiffLine[] {
	// Paths and values are API strings: cleaned here, padded by display width.
	const width = Math.min(48, Math.max(0, ...changes.map(c => displayWidth(clean(c.path)))));
	const line = (sign: '-' | '+', path: string, value: string): DiffLine => ({sign, text: `${sign} ${padWidth(clean(path), width)}  ${clean(value)}`});
	return changes.flatMap(c => [...(c.old === undefined ? [] : [line('-', c.path, c.old)]), ...(c.new === undefined ? [] : [line('+', c.path, c.new)])]);
}
