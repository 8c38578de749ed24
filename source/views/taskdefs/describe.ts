// `d` on a revision: the task definition as lines for the describe view's wrap-and-scroll body.
// Environment variables and secrets by name only (a secret with where it comes from): values of
// the environment are often credentials in practice, and a screen is easily shared.
import type {TaskDefinition} from '../../domain.js';
import {clean} from '../../text.js';
import {fields, item, section, when, type Line} from '../describe/lines.js';

export function revisionLines(td: TaskDefinition, now: number): Line[] {
	const containers = td.containerDefinitions.flatMap(c => {
		const ports = c.portMappings.map(p => `${p.containerPort ?? '?'}/${clean(p.protocol ?? 'tcp')}${p.hostPort !== undefined && p.hostPort !== p.containerPort ? ` (host ${p.hostPort === 0 ? 'dynamic' : p.hostPort})` : ''}`);
		const log = c.logConfiguration;
		const options = Object.entries(log?.options ?? {}).map(([k, v]) => `${clean(k)}=${clean(v)}`);
		const check = c.healthCheck;
		const secrets = c.secrets ?? [];
		return [
			item(clean(c.name)),
			...fields([
				['image', c.image],
				['cpu', c.cpu ?? 0],
				['memory', c.memory === undefined ? undefined : `${c.memory} MiB`],
				['memory reservation', c.memoryReservation === undefined ? undefined : `${c.memoryReservation} MiB`],
				['essential', c.essential === false ? 'no' : 'yes'],
				['ports', ports.join(', ') || 'none'],
				['environment', c.environment.length > 0 ? `${c.environment.map(e => clean(e.name)).join(', ')}  (names only)` : 'none'],
				['secrets', secrets.length > 0 ? secrets.map(s => `${clean(s.name)} ← ${clean(s.valueFrom ?? '?')}`).join(', ') : 'none'],
				['log configuration', log ? `${clean(log.logDriver)}${options.length > 0 ? `: ${options.join(', ')}` : ''}` : 'none'],
				['health check', check ? `${check.command.map(clean).join(' ')} · every ${check.interval ?? 30} s, timeout ${check.timeout ?? 5} s, ${check.retries ?? 3} retries, start period ${check.startPeriod ?? 0} s` : 'none'],
			], 2),
		];
	});
	const inactive = td.status === 'INACTIVE';
	return [
		{text: `${clean(td.family)}:${td.revision}  ${clean(td.status ?? '')}`.trim(), bold: true, tone: inactive ? 'dim' : undefined},
		...fields([
			['ARN', td.taskDefinitionArn],
			['registered', when(td.registeredAt, now)],
			['deregistered', when(td.deregisteredAt, now)],
			['cpu / memory', td.cpu || td.memory ? `${clean(td.cpu ?? '-')} units / ${clean(td.memory ?? '-')} MiB` : 'set per container'],
			['network mode', td.networkMode],
			['compatibilities', (td.requiresCompatibilities ?? []).map(clean).join(', ')],
			['task role', td.taskRoleArn ?? 'none'],
			['execution role', td.executionRoleArn ?? 'none'],
		]),
		...section(`containers (${td.containerDefinitions.length})`, containers, 'none'),
	];
}
