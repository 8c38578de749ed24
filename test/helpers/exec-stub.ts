// A minimal ECS + SSM endpoint for the exec and port-forward tests (the simulator does not serve
// ExecuteCommand or StartSession yet): JSON 1.1 over HTTP on 127.0.0.1, one handler per operation
// (by X-Amz-Target), every request recorded with its parsed body. An operation without a handler
// answers 400 UnknownOperationException, so a test sees any call it did not expect.
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';

export interface StubCall {
	operation: string;
	body: Record<string, any>;
	headers: IncomingMessage['headers'];
}

/** What a handler returns: a JSON answer, an AWS error, or 'drop' (the connection is destroyed: a lost answer). */
export type StubAnswer = {json: unknown} | {error: string; message: string; status?: number} | 'drop';

export type StubHandler = (body: Record<string, any>, call: StubCall) => StubAnswer | Promise<StubAnswer>;

export interface ExecStub {
	url: string;
	calls: StubCall[];
	handlers: Record<string, StubHandler>;
	/** The operations called, in order. */
	operations(): string[];
	close(): Promise<void>;
}

export async function startExecStub(handlers: Record<string, StubHandler> = {}): Promise<ExecStub> {
	const calls: StubCall[] = [];
	const stub = {handlers} as ExecStub;
	const server = createServer((request: IncomingMessage, response: ServerResponse) => {
		const chunks: Buffer[] = [];
		request.on('data', chunk => chunks.push(chunk as Buffer));
		request.on('end', () => {
			void (async () => {
				const target = String(request.headers['x-amz-target'] ?? '');
				const operation = target.slice(target.indexOf('.') + 1);
				const text = Buffer.concat(chunks).toString('utf8');
				const body = (text ? JSON.parse(text) : {}) as Record<string, any>;
				const call = {operation, body, headers: request.headers};
				calls.push(call);
				const handler = stub.handlers[operation];
				const answer: StubAnswer = handler ? await handler(body, call) : {error: 'UnknownOperationException', message: `the stub has no ${operation}`};
				if (answer === 'drop') {
					request.socket.destroy();
					return;
				}
				const isError = 'error' in answer;
				response.writeHead(isError ? (answer.status ?? 400) : 200, {'content-type': 'application/x-amz-json-1.1'});
				response.end(JSON.stringify(isError ? {__type: answer.error, message: answer.message} : answer.json));
			})();
		});
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	stub.url = `http://127.0.0.1:${port}`;
	stub.calls = calls;
	stub.operations = () => calls.map(c => c.operation);
	stub.close = () =>
		new Promise<void>(resolve => {
			server.closeAllConnections();
			server.close(() => resolve());
		});
	return stub;
}

export const account = '123456789012';
export const clusterArn = `arn:aws:ecs:us-east-1:${account}:cluster/prod`;
export const taskId = '0123456789abcdef0123456789abcdef';
export const taskArn = `arn:aws:ecs:us-east-1:${account}:task/prod/${taskId}`;
export const runtimeId = `${taskId}-1234567890`;

/** A running Fargate task with ECS Exec ready in its one container `app`, as DescribeTasks answers it (JSON wire shape). */
export function readyTask(overrides: Record<string, unknown> = {}, container: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		taskArn,
		clusterArn,
		taskDefinitionArn: `arn:aws:ecs:us-east-1:${account}:task-definition/web:3`,
		lastStatus: 'RUNNING',
		desiredStatus: 'RUNNING',
		launchType: 'FARGATE',
		platformVersion: '1.4.0',
		enableExecuteCommand: true,
		group: 'service:web',
		containers: [{
			name: 'app',
			containerArn: `arn:aws:ecs:us-east-1:${account}:container/prod/${taskId}/c1`,
			lastStatus: 'RUNNING',
			runtimeId,
			managedAgents: [{name: 'ExecuteCommandAgent', lastStatus: 'RUNNING'}],
			...container,
		}],
		...overrides,
	};
}

export const sessionToken = 'TOKEN-SECRET-do-not-log-0123456789';

/** ExecuteCommand's answer for readyTask's container. */
export function execAnswer(): StubAnswer {
	return {json: {
		clusterArn,
		containerArn: `arn:aws:ecs:us-east-1:${account}:container/prod/${taskId}/c1`,
		containerName: 'app',
		interactive: true,
		session: {sessionId: 'ecs-execute-command-0abc', streamUrl: 'wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/ecs-execute-command-0abc?role=publish_subscribe', tokenValue: sessionToken},
		taskArn,
	}};
}

export function startSessionAnswer(): StubAnswer {
	return {json: {SessionId: 'ecs-top-0def', TokenValue: sessionToken, StreamUrl: 'wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/ecs-top-0def?role=publish_subscribe'}};
}
