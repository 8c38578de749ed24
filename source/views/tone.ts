// Row colours by state, as an on-call engineer reads them: the status classes of domain.ts (red
// failed, yellow in between, dim gone) plus what a row's other fields say (a failed rollout, an
// unhealthy task, a disconnected agent).
import type {Tone} from '../components/table.js';
import {primaryDeployment, statusClass, type Cluster, type Container, type ContainerInstance, type Service, type Task} from '../domain.js';

const tones = {failed: 'error', between: 'warning', gone: 'stopped'} as const;

function byStatus(status: string | undefined): Tone {
	const found = statusClass(status);
	return found ? tones[found] : undefined;
}

export function clusterTone(c: Cluster): Tone {
	return byStatus(c.status);
}

export function serviceTone(s: Service): Tone {
	const primary = primaryDeployment(s);
	if (primary?.rolloutState === 'FAILED') return 'error';
	if (s.status !== 'ACTIVE') return byStatus(s.status);
	if (primary?.rolloutState === 'IN_PROGRESS' || s.deployments.length > 1) return 'warning';
	if (s.runningCount < s.desiredCount || s.pendingCount > 0) return 'warning';
	return undefined;
}

export function taskTone(t: Task): Tone {
	if (t.lastStatus === 'STOPPED') return 'stopped';
	if (t.healthStatus === 'UNHEALTHY') return 'error';
	if (t.desiredStatus === 'STOPPED') return 'warning';
	return byStatus(t.lastStatus);
}

export function containerTone(c: Container): Tone {
	if (c.healthStatus === 'UNHEALTHY') return 'error';
	if (c.lastStatus === 'STOPPED') return c.exitCode !== undefined && c.exitCode !== 0 ? 'error' : 'stopped';
	return byStatus(c.lastStatus);
}

export function instanceTone(i: ContainerInstance): Tone {
	if (i.status === 'ACTIVE' && !i.agentConnected) return 'error';
	return byStatus(i.status) ?? byStatus(i.healthStatus?.overallStatus);
}
