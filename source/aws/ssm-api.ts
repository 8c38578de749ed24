// The seam between ecs-top and Systems Manager's Session Manager, for port forwarding to a task (an
// ECS task is an SSM target once ECS Exec runs in it: `ecs:<cluster>_<task id>_<runtime id>`). Both
// calls are mutations in the keymap's sense: audited (never the token), refused under --read-only,
// sent once (a lost StartSession answer may have opened a session; see mutate.ts).
import type {MutationOptions} from './ecs-api.js';

export interface StartSessionInput {
	/** `ecs:<cluster name>_<task id>_<container runtime id>`. */
	target: string;
	/** `AWS-StartPortForwardingSession` or `AWS-StartPortForwardingSessionToRemoteHost`. */
	documentName: string;
	/** The document's parameters, each a list of strings (`{portNumber: ['80'], localPortNumber: ['8080']}`). */
	parameters: Record<string, string[]>;
	/** Shown with the session in AWS (CloudTrail, EventBridge). */
	reason?: string;
}

/** StartSession's answer: what session-manager-plugin needs. The token is never logged, audited or shown. */
export interface SsmSession {
	sessionId: string;
	tokenValue: string;
	streamUrl: string;
}

export interface SsmApi {
	startSession(input: StartSessionInput, options?: MutationOptions<SsmSession>): Promise<SsmSession>;
	/** Ends a session (its agent side too); resolves to the session id SSM names. */
	terminateSession(sessionId: string, options?: MutationOptions<string>): Promise<string>;
}
