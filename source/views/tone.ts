// Row colours by state, as an on-call engineer reads them: red for failed or unhealthy, yellow for
// anything in between (pending, draining, a rollout in progress), dim for stopped or inactive.
// ECS adds states over time, so unknown values are left uncoloured rather than guessed.
import type {Tone} from '../components/table.js';
import type {Cluster, Container, ContainerInstance, Service, Task} from '../domain.js';

const between = new Set(['PROVISIONING', 'PENDING', 'ACTIVATING', 'DEACTIVATING', 'STOPPING', 'DEPROVISIONING', 'DRAINING', 'REGISTERING', 'DEREGISTERING', 'IN_PROGRESS', 'UPDATE_IN_PROGRESS']);
const failed = new Set(['FAILED', 'REGISTRATION_FAILED', 'UNHEALTHY', 'IMPAIRED', 'UPDATE_FAILED']);
const gone = new Set(['STOPPED', 'INACTIVE', 'DELETED', 'DEPROVISIONED']);

function byStatus(status: string | undefined): Tone {
	if (!status) return undefined;
	if (failed.has(status)) return 'error';
	if (between.has(status)) return 'warning';
	if (gone.has(status)) return 'stopped';
	return undefined;
}

export function clusterTone(c: Cluster): Tone {
	return byStatus(c.status);
}

export function serviceTone(s: Service): Tone {
	const primary = s.deployments.find(d => d.status === 'PRIMARY');
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
