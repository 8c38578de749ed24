// The fleet pane: every cluster of every context (profile × region) when several are selected, the
// context first, the cluster's counters, and its health rolled up from its services and instances
// (source/store/fleet.ts reads them): services short of desired, rollouts in progress or failed,
// draining instances, tasks stopped in the last hour (from the services' events, which ECS keeps).
// A context that failed (expired SSO, access denied, an unreachable Region) is one row saying why.
import type {CellContext, Column} from '../components/table-layout.js';
import type {Tone} from '../components/table.js';
import {primaryDeployment, type Cluster, type ContainerInstance, type Service} from '../domain.js';
import {memberRowId, memberScopeKey, type FleetMember} from '../store/fleet.js';
import type {Snapshot} from '../store/types.js';
import type {PaneDef, ViewEntry} from '../views/types.js';
import {col, right, statusColor, toneOf} from './cells.js';

export interface ClusterHealth {
	/** False until the cluster's services have been read once. */
	known: boolean;
	services: number;
	/** ACTIVE services running fewer tasks than desired. */
	short: number;
	/** Services with a rollout in progress (more than one deployment, or the primary IN_PROGRESS). */
	rolling: number;
	/** Services whose primary rollout FAILED (or whose circuit breaker tripped). */
	failed: number;
	/** DRAINING container instances; undefined on clusters without instances. */
	draining?: number;
	/** Tasks the services' schedulers stopped in the last hour ("has stopped N running tasks"). */
	stoppedLastHour: number;
}

export interface FleetRow {
	id: string;
	/** The member (context) key and its label. */
	member: string;
	context: string;
	cluster?: Cluster;
	health?: ClusterHealth;
	/** A member row: why it shows no clusters (loading, failed, none in the Region). */
	note?: string;
	failed?: boolean;
}

const hour = 3_600_000;
const stoppedEvent = /has stopped (\d+) running tasks?/;

/** A cluster's health from what the store holds of its services and instances (pure). */
export function clusterHealth(cluster: Cluster, snapshot: Snapshot, now: number): ClusterHealth {
	const servicesScope = snapshot.scopes.get(`services|${cluster.clusterArn}`);
	const services = (servicesScope?.ids ?? []).map(id => snapshot.services.get(id)).filter((s): s is Service => s !== undefined);
	let short = 0;
	let rolling = 0;
	let failed = 0;
	let stoppedLastHour = 0;
	for (const s of services) {
		if (s.status !== 'ACTIVE') continue;
		if (s.runningCount < s.desiredCount) short++;
		const primary = primaryDeployment(s);
		if (primary?.rolloutState === 'FAILED' || s.deployments.some(d => /circuit breaker/i.test(d.rolloutStateReason ?? '') && d.rolloutState !== 'COMPLETED')) failed++;
		else if (s.deployments.length > 1 || primary?.rolloutState === 'IN_PROGRESS') rolling++;
		for (const event of s.events) {
			const at = Date.parse(event.createdAt);
			// Newest first: stop at the first event older than the hour.
			if (Number.isFinite(at) && now - at > hour) break;
			const match = stoppedEvent.exec(event.message);
			if (match) stoppedLastHour += Number(match[1]);
		}
	}
	const instancesScope = snapshot.scopes.get(`instances|${cluster.clusterArn}`);
	const draining = instancesScope
		? (instancesScope.ids.map(id => snapshot.instances.get(id)).filter((i): i is ContainerInstance => i?.status === 'DRAINING').length)
		: undefined;
	return {known: servicesScope?.updatedAt !== undefined, services: services.length, short, rolling, failed, ...(draining === undefined ? {} : {draining}), stoppedLastHour};
}

/** Stopped tasks per hour above which a cluster needs attention (a crash loop restarts every few minutes). */
export const stoppedRateAttention = 10;

/** Why a fleet row needs attention, most serious first. */
export function fleetAttention(row: FleetRow): string | undefined {
	if (row.failed) return row.note ?? 'context failed';
	const h = row.health;
	if (!h?.known) return undefined;
	if (h.failed > 0) return `${h.failed} rollout${h.failed === 1 ? '' : 's'} failed`;
	if (h.short > 0) return `${h.short} short of desired`;
	if (h.stoppedLastHour >= stoppedRateAttention) return `${h.stoppedLastHour} tasks stopped in 1 h`;
	if ((h.draining ?? 0) > 0) return `${h.draining} draining`;
	return undefined;
}

const unknown = (row: FleetRow) => !row.health?.known;
const count = (n: number | undefined) => (n === undefined ? '-' : n);

/** The health cell: what needs attention, `ok`, `…` while the services load, or the member's note. */
function healthText(row: FleetRow): string {
	if (row.note) return row.note;
	if (unknown(row)) return '…';
	return fleetAttention(row) ?? 'ok';
}

export const fleetColumns: readonly Column<FleetRow>[] = [
	col<FleetRow>('context', 'CONTEXT', 22, r => r.context),
	col<FleetRow>('name', 'CLUSTER', 22, r => r.cluster?.clusterName ?? '-'),
	col<FleetRow>('status', 'STATUS', 8, r => r.cluster?.status ?? '', {color: r => statusColor(r.cluster?.status)}),
	col<FleetRow>('services', 'SERVICES', 8, r => r.cluster?.activeServicesCount ?? '', right),
	col<FleetRow>('running', 'RUNNING', 7, r => r.cluster?.runningTasksCount ?? '', right),
	col<FleetRow>('pending', 'PENDING', 7, r => r.cluster?.pendingTasksCount ?? '', {...right, color: r => ((r.cluster?.pendingTasksCount ?? 0) > 0 ? 'yellow' : undefined)}),
	col<FleetRow>('short', 'SHORT', 5, r => (r.cluster ? (unknown(r) ? '…' : r.health!.short) : ''), {...right, color: r => ((r.health?.short ?? 0) > 0 ? 'yellow' : undefined), sortValue: r => r.health?.short}),
	col<FleetRow>('rollouts', 'ROLLOUTS', 14, r => (r.cluster ? (unknown(r) ? '…' : rollouts(r.health!)) : ''), {color: r => ((r.health?.failed ?? 0) > 0 ? 'red' : (r.health?.rolling ?? 0) > 0 ? 'yellow' : undefined)}),
	col<FleetRow>('draining', 'DRAINING', 8, r => (r.cluster ? (unknown(r) ? '…' : count(r.health!.draining)) : ''), {...right, color: r => ((r.health?.draining ?? 0) > 0 ? 'yellow' : undefined), sortValue: r => r.health?.draining}),
	col<FleetRow>('stopped', 'STOPPED/1H', 10, r => (r.cluster ? (unknown(r) ? '…' : r.health!.stoppedLastHour) : ''), {
		...right,
		color: r => ((r.health?.stoppedLastHour ?? 0) >= stoppedRateAttention ? 'red' : undefined),
		sortValue: r => r.health?.stoppedLastHour,
	}),
	col<FleetRow>('health', 'HEALTH', 28, healthText, {color: r => (r.failed ? 'red' : fleetAttention(r) ? 'yellow' : r.health?.known ? 'green' : undefined)}),
];

function rollouts(h: ClusterHealth): string {
	const parts = [h.failed > 0 ? `${h.failed} failed` : '', h.rolling > 0 ? `${h.rolling} rolling` : ''].filter(Boolean);
	return parts.length > 0 ? parts.join(', ') : '-';
}

export function fleetView(crumb: string): ViewEntry {
	return {id: 'fleet', pane: 'fleet', crumb, scope: {kind: 'clusters'}};
}

/** The rows: each member's clusters in its listing order, or its one row saying why it has none. */
export function fleetRows(snapshot: Snapshot, members: readonly FleetMember[], now: number): FleetRow[] {
	const rows: FleetRow[] = [];
	const owner = new Map<string, FleetMember>();
	for (const member of members) {
		const state = snapshot.scopes.get(memberScopeKey(member.key));
		for (const id of state?.ids ?? []) owner.set(id, member);
	}
	for (const id of snapshot.scopes.get('clusters')?.ids ?? []) {
		const cluster = snapshot.clusters.get(id);
		const member = cluster ? owner.get(id) : members.find(m => memberRowId(m.key) === id);
		if (!member) continue;
		if (cluster) {
			rows.push({id, member: member.key, context: member.label, cluster, health: clusterHealth(cluster, snapshot, now)});
			continue;
		}
		const state = snapshot.scopes.get(memberScopeKey(member.key));
		const error = member.error ?? state?.error?.message;
		const note = member.sameAs ? `same account and region as ${member.sameAs}` : error ? `failed: ${error}` : state?.updatedAt === undefined ? 'loading…' : 'no clusters in this region';
		rows.push({id, member: member.key, context: member.label, note, ...(error ? {failed: true} : {})});
	}
	return rows;
}

export function fleetTone(row: FleetRow): Tone {
	if (row.failed) return 'error';
	return row.cluster ? toneOf(row.cluster.status) : 'stopped';
}

/**
 * The pane, bound to the fleet's members (their labels and errors live beside the store). Enter is
 * the contexts feature's (views/contexts/): the cluster opens in its own context's app.
 */
export function fleetPane(members: () => readonly FleetMember[]): PaneDef<FleetRow> {
	return {
		pane: 'fleet',
		scopes: () => [{kind: 'clusters'}],
		rows: (snapshot, _view) => fleetRows(snapshot, members(), Date.now()),
		rowId: r => r.id,
		columns: () => fleetColumns,
		tone: fleetTone,
		attention: (row, _now, _ctx?: CellContext) => fleetAttention(row),
		empty: () => 'no contexts selected (:ctx picks them)',
		// Every cluster row is read whatever is on screen (the fleet's clusters scopes are whole).
		visibleIds: () => [],
	};
}
