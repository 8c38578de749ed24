// Session Manager sessions: the ones ECS ExecuteCommand opens for a container and the ones SSM
// StartSession opens (port forwarding, interactive commands, shells). In AWS both are SSM sessions,
// so one store holds them, TerminateSession ends either, and a session ends when its task stops.
//
// The simulator hands out the session's stream URL and token but does NOT serve the WebSocket data
// channel behind them (ssmmessages): a session-manager-plugin pointed at one fails to connect. That
// is a later step; until then a session is "Connected" from StartSession to TerminateSession.
import {Rng} from './random.js';
import type {TaskObserver} from './world-data.js';
import type {TaskRec} from './model.js';

export type SessionKind = 'exec' | 'ssm';

/** The IAM user the simulator answers as (its AccessDenied messages name it too): SSM session ids start with it. */
export const SIM_CALLER = 'ecs-top-sim';

export interface SessionRec {
	id: string;
	kind: SessionKind;
	/** `ecs:<cluster>_<task id>_<runtime id>`. */
	target: string;
	task: TaskRec;
	containerName: string;
	documentName: string;
	parameters: Record<string, string[]>;
	reason?: string;
	owner: string;
	startedAt: number;
	endedAt?: number;
	status: 'Connected' | 'Terminated';
	streamUrl: string;
	tokenValue: string;
}

export interface SessionCounts {
	open: number;
	started: number;
	/** Ended by TerminateSession. */
	terminated: number;
	/** Ended because their task stopped. */
	ended: number;
}

/** Terminated sessions kept for DescribeSessions' History (SSM keeps them 30 days; a bound here). */
const HISTORY = 1000;

const zero = (): Omit<SessionCounts, 'open'> => ({started: 0, terminated: 0, ended: 0});

export class SessionStore implements TaskObserver {
	readonly open = new Map<string, SessionRec>();
	/** Ended sessions, oldest first. */
	readonly history: SessionRec[] = [];
	private counts: Record<SessionKind, Omit<SessionCounts, 'open'>> = {exec: zero(), ssm: zero()};
	/** Its own stream, so sessions never move the world's identifiers. */
	private readonly rng: Rng;

	constructor(seed: number) {
		this.rng = new Rng(seed * 4099 + 7);
	}

	/**
	 * Opens a session. Identifiers look like AWS's: an ECS Exec session is
	 * `ecs-execute-command-<17 hex>`, an SSM one `<caller name>-<17 hex>`; the token is opaque.
	 */
	start(spec: Omit<SessionRec, 'id' | 'status' | 'streamUrl' | 'tokenValue' | 'endedAt'> & {region: string; caller: string}): SessionRec {
		const {region, caller, ...rest} = spec;
		const id = `${spec.kind === 'exec' ? 'ecs-execute-command' : caller}-0${this.rng.hex(16)}`;
		const cell = Buffer.from(this.rng.hex(64), 'hex').toString('base64url');
		const session: SessionRec = {
			...rest,
			id,
			status: 'Connected',
			streamUrl: `wss://ssmmessages.${region}.amazonaws.com/v1/data-channel/${id}?role=publish_subscribe&cell-number=${cell}`,
			tokenValue: Buffer.from(this.rng.hex(384), 'hex').toString('base64'),
		};
		this.open.set(id, session);
		this.counts[spec.kind].started++;
		return session;
	}

	/** TerminateSession: ends an open session; an unknown or ended id is not an error (SSM answers success). */
	terminate(id: string, at: number): void {
		const session = this.open.get(id);
		if (!session) return;
		this.end(session, at);
		this.counts[session.kind].terminated++;
	}

	find(id: string): SessionRec | undefined {
		return this.open.get(id) ?? this.history.find(s => s.id === id);
	}

	taskStopped(task: TaskRec): void {
		for (const session of this.open.values()) {
			if (session.task !== task) continue;
			this.end(session, task.stoppedAt ?? task.executionStoppedAt ?? session.startedAt);
			this.counts[session.kind].ended++;
		}
	}

	stats(kind: SessionKind): SessionCounts {
		let open = 0;
		for (const s of this.open.values()) if (s.kind === kind) open++;
		return {open, ...this.counts[kind]};
	}

	/** Counters restart (POST /_sim/stats/reset); open sessions stay open. */
	resetCounts(): void {
		this.counts = {exec: zero(), ssm: zero()};
	}

	private end(session: SessionRec, at: number): void {
		this.open.delete(session.id);
		session.status = 'Terminated';
		session.endedAt = at;
		this.history.push(session);
		if (this.history.length > HISTORY) this.history.shift();
	}
}
