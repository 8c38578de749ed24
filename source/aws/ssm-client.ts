// The real SsmApi: StartSession and TerminateSession through @aws-sdk/client-ssm, each a mutation
// sent as ECS's are (mutate.ts: the limiter's 'action' reserve in its SSM category, the audit's
// intent line first, resent only after a throttle or a refused connection), refused with
// ReadOnlyError when the client was built read-only.
// The SDK's module on the first call only (see client.ts).
const sdk = () => import('./sdk-ssm.js');
import type {Mutation, MutationOptions} from './ecs-api.js';
import type {RetryOptions, Send} from './ecs-client.js';
import {ReadOnlyError} from './errors.js';
import {readTiming} from './limited-read.js';
import type {RateLimiter} from './limiter.js';
import {sendMutation, type MutateDeps} from './mutate.js';
import type {SsmApi, SsmSession, StartSessionInput} from './ssm-api.js';

export interface SsmClientOptions {
	send: Send;
	readOnly: boolean;
	limiter: RateLimiter;
	retry?: RetryOptions;
	sleep?: (ms: number) => Promise<void>;
	random?: () => number;
}

/**
 * StartSession's request as the AWS CLI builds it from `aws ssm start-session` (members in the
 * API model's order: Target, DocumentName, Reason, Parameters), so what is audited, sent and handed
 * to session-manager-plugin is the same object the CLI would use.
 */
export function startSessionRequest(input: StartSessionInput): Record<string, unknown> {
	return {
		Target: input.target,
		DocumentName: input.documentName,
		...(input.reason === undefined ? {} : {Reason: input.reason}),
		Parameters: input.parameters,
	};
}

export class SsmClient implements SsmApi {
	readonly #o: MutateDeps & {readOnly: boolean};

	constructor(options: SsmClientOptions) {
		this.#o = {send: options.send, readOnly: options.readOnly, limiter: options.limiter, ...readTiming(options)};
	}

	#guard(operation: Mutation): void {
		// Before the hook sees anything: a refused call is neither sent nor audited.
		if (this.#o.readOnly) throw new ReadOnlyError(operation);
	}

	async startSession(input: StartSessionInput, options: MutationOptions<SsmSession> = {}) {
		this.#guard('StartSession');
		const {StartSessionCommand} = await sdk();
		const request = startSessionRequest(input);
		const to = (out: {SessionId?: string; TokenValue?: string; StreamUrl?: string}): SsmSession => ({
			sessionId: out.SessionId ?? '',
			tokenValue: out.TokenValue ?? '',
			streamUrl: out.StreamUrl ?? '',
		});
		// aws ssm start-session --target ecs:C_T_R --document-name AWS-StartPortForwardingSession [--reason "…"] --parameters '{"portNumber":["80"],"localPortNumber":["8080"]}'
		return sendMutation(this.#o, 'StartSession', new StartSessionCommand(request as never), request, to, options.onWire);
	}

	async terminateSession(sessionId: string, options: MutationOptions<string> = {}) {
		this.#guard('TerminateSession');
		const {TerminateSessionCommand} = await sdk();
		const request = {SessionId: sessionId};
		// aws ssm terminate-session --session-id S
		return sendMutation(this.#o, 'TerminateSession', new TerminateSessionCommand(request), request, (out: {SessionId?: string}) => out.SessionId ?? sessionId, options.onWire);
	}
}
