// Session Manager sessions: the ones ECS ExecuteCommand opens for a container and the ones SSM
// StartSession opens (port forwarding, interactive commands, shells). In AWS both are SSM sessions,
// so one store holds them, TerminateSession ends either, and a session ends when its task stops.
//
// The stream URL points at the simulator's data-channel server (ssm/data-channel/) once it has
// attached itself (`streamBase`); without one (a bare World) it is AWS's ssmmessages form, which
// nothing serves. A session is "Connected" from StartSession until TerminateSession, its task
// stopping, or its shell exiting on the data channel.
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
	/** What its data channel carried, once a client connected (GET /_sim/sessions). */
	channel?: ChannelStats;
}

/** A session's data-channel traffic, for tests and GET /_sim/sessions. */
export interface ChannelStats {
	/** WebSocket connections opened for it (a reconnect after a drop adds one). */
	connections: number;
	connected: boolean;
	handshake: 'pending' | 'complete' | 'failed';
	/** Payload bytes the client sent (keystrokes, forwarded TCP bytes) and the agent sent back. */
	bytesIn: number;
	bytesOut: number;
	messagesIn: number;
	messagesOut: number;
	/** Output messages sent again because the client had not acknowledged them in time. */
	resent: number;
	resizes: Array<{cols: number; rows: number}>;
	/** Command lines the sandboxed shell ran. */
	commands: string[];
	/** TCP connections opened to the port-forwarding target (one per smux stream when multiplexed). */
	portConnections: number;
	/** A port session's forwarding, chosen when the handshake completes from the client's version. */
	portMode?: 'basic' | 'mux';
	/** Multiplexed forwarding: streams the client opened (SYN), and their target connections open now. */
	muxStreams: number;
	muxOpen: number;
	/** smux keepalive NOPs the client sent, and the agent sent (only to clients up to 1.2.331.0). */
	nopsIn: number;
	nopsOut: number;
	kmsRequested: boolean;
	/** The channel_closed Output the session ended with. */
	closedWith?: string;
}

export type SessionEndCause = 'terminated' | 'task-stopped' | 'exited';

export interface SessionCounts {
	open: number;
	started: number;
	/** Ended by TerminateSession. */
	terminated: number;
	/** Ended because their task stopped, or by themselves on the data channel (a shell's `exit`). */
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
	/**
	 * `ws://127.0.0.1:<port>` of the data-channel server serving these sessions (set when it
	 * attaches); unset, stream URLs take AWS's ssmmessages form.
	 */
	streamBase: string | undefined;
	private readonly endListeners: Array<(session: SessionRec, cause: SessionEndCause) => void> = [];

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
			streamUrl: `${this.streamBase ?? `wss://ssmmessages.${region}.amazonaws.com`}/v1/data-channel/${id}?role=publish_subscribe&cell-number=${cell}`,
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
		this.end(session, at, 'terminated');
		this.counts[session.kind].terminated++;
	}

	/** The session ended by itself on its data channel (the shell exited, the command finished). */
	finish(id: string, at: number): void {
		const session = this.open.get(id);
		if (!session) return;
		this.end(session, at, 'exited');
		this.counts[session.kind].ended++;
	}

	/** Called after a session ends, whatever ended it (the data channel closes its socket). */
	onEnd(listener: (session: SessionRec, cause: SessionEndCause) => void): void {
		this.endListeners.push(listener);
	}

	/** ResumeSession: a fresh token for an open session (the old one stops opening its data channel). */
	resume(id: string): SessionRec | undefined {
		const session = this.open.get(id);
		if (session) session.tokenValue = Buffer.from(this.rng.hex(384), 'hex').toString('base64');
		return session;
	}

	find(id: string): SessionRec | undefined {
		return this.open.get(id) ?? this.history.find(s => s.id === id);
	}

	taskStopped(task: TaskRec): void {
		for (const session of this.open.values()) {
			if (session.task !== task) continue;
			this.end(session, task.stoppedAt ?? task.executionStoppedAt ?? session.startedAt, 'task-stopped');
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

	private end(session: SessionRec, at: number, cause: SessionEndCause): void {
		this.open.delete(session.id);
		session.status = 'Terminated';
		session.endedAt = at;
		this.history.push(session);
		if (this.history.length > HISTORY) this.history.shift();
		for (const listener of this.endListeners) listener(session, cause);
	}
}
