import type {FleetMember} from '../../store/fleet.js';

// What the TUI knows of contexts (profile × region) and may ask of them: the `:ctx` pane's rows,
// `:region`/`:profile`, and the fleet's Enter. The app (source/app/contexts/hub.ts) implements it.
export type CredentialsState = {state: 'unchecked'} | {state: 'checking'} | {state: 'ok'} | {state: 'failed'; reason: string};

/** A row of `:ctx`: a profile of the AWS config files (or the default chain). */
export interface ProfileRow {
	/** The profile's name; `(default chain)` stands for no profile (AWS_PROFILE, else default). */
	id: string;
	profile: string | null;
	region?: string;
	sso: boolean;
	endpoint?: string;
	credentials: CredentialsState;
	/** In the contexts now shown. */
	active: boolean;
}

export interface ContextsControl {
	/** The profiles, with what is known of their credentials; undefined until the files are read. */
	profiles(): readonly ProfileRow[] | undefined;
	subscribe(listener: () => void): () => void;
	/** Reads the files again and checks each profile's credentials (when `:ctx` opens). */
	check(): void;
	/**
	 * Show these profiles (null: the default chain) in these regions (undefined: each profile's own,
	 * or the ones already chosen). One context: its own panes; several: the fleet. What happens is
	 * said through `say` (switching, failed).
	 */
	use(request: {profiles?: readonly (string | null)[]; regions?: readonly string[]}, say: (text: string, tone?: 'info' | 'success' | 'error') => void): void;
	/** What is shown now: the profiles and the regions given (empty: each profile's own). */
	current(): {profiles: readonly (string | null)[]; regions: readonly string[]};
	/** Back from a cluster opened from the fleet: to the fleet; false when not opened from one. */
	backToFleet(): boolean;
	/** The contexts of the fleet now shown (the fleet pane's CONTEXT column and failed rows). */
	fleetMembers(): readonly FleetMember[];
	/** The fleet's Enter: the cluster in its own context's app, at its services. */
	openCluster(member: string, clusterName: string): void;
}
