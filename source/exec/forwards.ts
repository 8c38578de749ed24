// The TUI's port forwards: each one started with `F` (a StartSession and, in the background, a
// session-manager-plugin or ecs-top's own client), listed in `:pf`, stopped there with `x` (TerminateSession, the plugin killed)
// and all of them when ecs-top ends. The TUI keeps working while they run.
import type {ForwardProcessState} from './plugin.js';
import type {SessionTransport} from './transport.js';
import type {PortForward} from './forward.js';
import type {SessionDeps} from './target.js';

export interface ForwardEntry {
	/** The session id: unique, and what TerminateSession takes. */
	id: string;
	forward: PortForward;
	/** `127.0.0.1:LOCAL`. */
	local: string;
	/** `<task id>/<container>:REMOTE` or `H:REMOTE via …`. */
	remote: string;
	cluster: string;
	startedAt: number;
	state: ForwardProcessState;
	/** Set once `x` (or the exit) asked it to stop. */
	stopping?: boolean;
	/** Set once that stop has finished: TerminateSession answered (or failed) and the plugin ended. */
	stopped?: boolean;
}

/** What the TUI needs to open sessions: the clients and audit (SessionDeps), the plugin, the forwards. */
export interface SessionsFeature {
	/** The clients, audit and where the calls go, for a cluster (as the user named it). */
	deps(cluster: string): SessionDeps;
	/** The transport a session takes now (the plugin is looked up each time), or why none can. */
	transport(): SessionTransport | {refusal: string};
	forwards: ForwardRegistry;
	/** What `s` runs in the container (the config file's execCommand), else /bin/sh. */
	execCommand?: string;
}

export class ForwardRegistry {
	#entries: ForwardEntry[] = [];
	readonly #listeners = new Set<() => void>();
	#version = 0;

	constructor(private readonly now: () => number = Date.now) {}

	get version(): number {
		return this.#version;
	}

	list(): readonly ForwardEntry[] {
		return this.#entries;
	}

	subscribe(listener: () => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	add(forward: PortForward, cluster: string): ForwardEntry {
		const entry: ForwardEntry = {id: forward.sessionId, forward, local: `127.0.0.1:${forward.localPort}`, remote: forward.remote, cluster, startedAt: this.now(), state: forward.state()};
		this.#entries = [...this.#entries, entry];
		forward.subscribe(state => this.#update(entry.id, {state}));
		this.#changed();
		return entry;
	}

	/** TerminateSession and the plugin killed; a line when TerminateSession failed. The entry stays, ended. */
	async stop(id: string): Promise<string | undefined> {
		const entry = this.#entries.find(e => e.id === id);
		if (!entry) return undefined;
		this.#update(id, {stopping: true});
		const problem = await entry.forward.stop();
		this.#update(id, {state: entry.forward.state(), stopped: true});
		return problem;
	}

	/** Every forward still running (ecs-top is ending). */
	async stopAll(): Promise<void> {
		await Promise.all(this.#entries.filter(e => e.state.state !== 'ended').map(e => this.stop(e.id)));
	}

	#update(id: string, patch: Partial<ForwardEntry>): void {
		this.#entries = this.#entries.map(e => (e.id === id ? {...e, ...patch} : e));
		this.#changed();
	}

	#changed(): void {
		this.#version++;
		for (const listener of [...this.#listeners]) listener();
	}
}
