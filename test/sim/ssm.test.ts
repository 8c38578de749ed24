// SSM Session Manager in the simulator, through the real @aws-sdk/client-ssm: StartSession on an
// ECS target (port forwarding, to a remote host, an interactive command, a shell), every way it
// is refused, TerminateSession, DescribeSessions, the wire's error shape, throttling, faults and
// the stats.
import {DescribeTasksCommand, ListTasksCommand, StopTaskCommand, type Task} from '@aws-sdk/client-ecs';
import {DescribeSessionsCommand, SSMClient, StartSessionCommand, type StartSessionCommandInput, TerminateSessionCommand} from '@aws-sdk/client-ssm';
import {afterEach, describe, expect, it} from 'vitest';
import {startTestSim, type TestSim} from '../helpers/sim.js';

let t: TestSim | undefined;
let ssm: SSMClient | undefined;
afterEach(async () => {
	ssm?.destroy();
	ssm = undefined;
	await t?.close();
	t = undefined;
});

async function demo(options: {throttle?: boolean} = {}): Promise<{s: TestSim; ssm: SSMClient}> {
	t = await startTestSim({seed: 1, startTime: Date.UTC(2026, 2, 1), ...options});
	ssm = new SSMClient({endpoint: t.endpoint, region: 'us-east-1', credentials: {accessKeyId: 'sim', secretAccessKey: 'sim'}, maxAttempts: 1});
	return {s: t, ssm};
}

async function taskOf(s: TestSim, cluster: string, serviceName: string): Promise<Task> {
	const arns = (await s.client.send(new ListTasksCommand({cluster, serviceName}))).taskArns!;
	return (await s.client.send(new DescribeTasksCommand({cluster, tasks: arns.slice(0, 1)}))).tasks![0]!;
}

/** The target the AWS CLI and e1s build from DescribeTasks: `ecs:<cluster>_<task id>_<runtime id>`. */
const targetOf = (cluster: string, task: Task, container = 0) => `ecs:${cluster}_${task.taskArn!.split('/').at(-1)}_${task.containers![container]!.runtimeId}`;

async function failure(call: Promise<unknown>): Promise<{name?: string; message?: string; Message?: string; $metadata?: {httpStatusCode?: number}}> {
	try {
		await call;
	} catch (error) {
		return error as {name?: string; message?: string};
	}
	throw new Error('the call succeeded');
}

// aws ssm start-session --target T [--document-name D] [--parameters …]
const start = (client: SSMClient, input: StartSessionCommandInput) => client.send(new StartSessionCommand(input));

describe('SSM StartSession on an ECS target', () => {
	it('port forwarding: an AWS-like session id, stream URL and token; defaults filled in; counted', async () => {
		const {s, ssm} = await demo();
		const web = await taskOf(s, 'production', 'web');
		const target = targetOf('production', web);
		const out = await start(ssm, {Target: target, DocumentName: 'AWS-StartPortForwardingSession', Parameters: {portNumber: ['80'], localPortNumber: ['8080']}, Reason: 'debugging'});
		expect(out.SessionId).toMatch(/^ecs-top-sim-0[0-9a-f]{16}$/);
		expect(out.StreamUrl).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:${new URL(s.sim.dataChannels.url).port}/v1/data-channel/${out.SessionId}\\?role=publish_subscribe&cell-number=`));
		expect(out.TokenValue!.length).toBeGreaterThan(100);
		expect((await s.stats()).ssmSessions).toEqual({open: 1, started: 1, terminated: 0, ended: 0});
		expect((await s.stats()).execSessions).toEqual({open: 0, started: 0, terminated: 0, ended: 0});
		// Without portNumber SSM forwards to the document's default, 80 (and picks a local port: 0).
		const bare = await start(ssm, {Target: target, DocumentName: 'AWS-StartPortForwardingSession'});
		expect(s.sim.world.sessions.open.get(bare.SessionId!)!.parameters).toEqual({portNumber: ['80'], localPortNumber: ['0']});
		expect(s.sim.world.sessions.open.get(out.SessionId!)).toMatchObject({containerName: 'web', reason: 'debugging', parameters: {portNumber: ['80'], localPortNumber: ['8080']}});
	});

	it('to a remote host, an interactive command, a shell (no document), and a document by ARN', async () => {
		const {s, ssm} = await demo();
		const target = targetOf('staging', await taskOf(s, 'staging', 'frontend'));
		const remote = await start(ssm, {Target: target, DocumentName: 'AWS-StartPortForwardingSessionToRemoteHost', Parameters: {host: ['db.internal'], portNumber: ['5432'], localPortNumber: ['15432']}});
		expect(s.sim.world.sessions.open.get(remote.SessionId!)!.parameters).toEqual({host: ['db.internal'], portNumber: ['5432'], localPortNumber: ['15432']});
		const command = await start(ssm, {Target: target, DocumentName: 'AWS-StartInteractiveCommand', Parameters: {command: ['cat /etc/os-release']}});
		const shell = await start(ssm, {Target: target});
		expect(s.sim.world.sessions.open.get(shell.SessionId!)!.documentName).toBe('SSM-SessionManagerRunShell');
		const byArn = await start(ssm, {Target: target, DocumentName: 'arn:aws:ssm:us-east-1::document/AWS-StartPortForwardingSession', Parameters: {portNumber: ['3000']}});
		expect(s.sim.world.sessions.open.get(byArn.SessionId!)!.documentName).toBe('AWS-StartPortForwardingSession');
		expect(new Set([remote, command, shell, byArn].map(x => x.SessionId)).size).toBe(4);
		expect((await s.stats()).ssmSessions!.open).toBe(4);
	});

	it('refuses documents it does not know (InvalidDocument) and parameters they do not allow (InvalidParameters)', async () => {
		const {s, ssm} = await demo();
		const Target = targetOf('production', await taskOf(s, 'production', 'web'));
		expect(await failure(start(ssm, {Target, DocumentName: 'AWS-StartSomethingElse'}))).toMatchObject({name: 'InvalidDocument', message: 'Document with name AWS-StartSomethingElse does not exist.'});
		const host = '^[^,$^&\\(\\)!;\'"<>\\`{}\\[\\]\\|#=]{3,}$';
		expect(await failure(start(ssm, {Target, DocumentName: 'AWS-StartPortForwardingSessionToRemoteHost', Parameters: {host: ['db;rm'], portNumber: ['5432']}})))
			.toMatchObject({name: 'InvalidParameters', message: `Parameter "host" has value "db;rm" not matching "${host}".`});
		expect(await failure(start(ssm, {Target, DocumentName: 'AWS-StartPortForwardingSession', Parameters: {portNumber: ['99999']}})))
			.toMatchObject({name: 'InvalidParameters', message: expect.stringMatching(/^Parameter "portNumber" has value "99999" not matching "\^\(/)});
		expect(await failure(start(ssm, {Target, DocumentName: 'AWS-StartPortForwardingSession', Parameters: {localPortNumber: ['abc']}}))).toMatchObject({name: 'InvalidParameters'});
		const unsupported = {name: 'InvalidParameters', message: 'Parameters provided in document are invalid or not supported.'};
		// host is required for the remote-host document; command for the interactive one.
		expect(await failure(start(ssm, {Target, DocumentName: 'AWS-StartPortForwardingSessionToRemoteHost', Parameters: {portNumber: ['5432']}}))).toMatchObject(unsupported);
		expect(await failure(start(ssm, {Target, DocumentName: 'AWS-StartInteractiveCommand'}))).toMatchObject(unsupported);
		expect(await failure(start(ssm, {Target, DocumentName: 'AWS-StartPortForwardingSession', Parameters: {portNumber: ['80'], bogus: ['1']}}))).toMatchObject(unsupported);
		expect(await failure(start(ssm, {Target, Parameters: {portNumber: ['80']}}))).toMatchObject(unsupported);
		expect((await s.stats()).ssmSessions!.started).toBe(0);
		expect((await s.stats()).errors.StartSession).toBe(8);
	});

	it('answers TargetNotConnected ("<target> is not connected.") for every target it cannot reach', async () => {
		const {s, ssm} = await demo();
		const web = await taskOf(s, 'production', 'web');
		const id = web.taskArn!.split('/').at(-1)!;
		const runtimeId = web.containers![0]!.runtimeId!;
		const worker = await taskOf(s, 'production', 'worker');
		const payments = await taskOf(s, 'staging', 'payments');
		const unreachable = [
			`ecs:nope_${id}_${runtimeId}`,
			`ecs:production_${'f'.repeat(32)}_${runtimeId}`,
			`ecs:production_${id}_${'0'.repeat(64)}`,
			`ecs:staging_${id}_${runtimeId}`,
			'ecs:production',
			'i-0123456789abcdef0',
			// Exec off, and exec on without an agent (platform 1.3.0).
			targetOf('production', worker),
			targetOf('staging', payments),
		];
		for (const Target of unreachable) {
			const error = await failure(start(ssm, {Target, DocumentName: 'AWS-StartPortForwardingSession', Parameters: {portNumber: ['80']}}));
			expect(error, Target).toMatchObject({name: 'TargetNotConnected', message: `${Target} is not connected.`});
			expect(error.$metadata?.httpStatusCode).toBe(400);
		}
		// A stopping task's agent is going away.
		await s.client.send(new StopTaskCommand({cluster: 'production', task: web.taskArn}));
		expect(await failure(start(ssm, {Target: targetOf('production', web)}))).toMatchObject({name: 'TargetNotConnected'});
		expect(await failure(start(ssm, {Target: undefined as unknown as string}))).toMatchObject({name: 'ValidationException', message: '1 validation error detected: Value null at \'target\' failed to satisfy constraint: Member must not be null'});
	});

	it('sends SSM’s error shape: JSON 1.1 with __type and Message (capital M)', async () => {
		const {s} = await demo();
		const res = await fetch(`${s.endpoint}/`, {
			method: 'POST',
			headers: {'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'AmazonSSM.StartSession'},
			body: JSON.stringify({Target: 'i-0123456789abcdef0'}),
		});
		expect(res.status).toBe(400);
		expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.1');
		expect(await res.json()).toEqual({__type: 'TargetNotConnected', Message: 'i-0123456789abcdef0 is not connected.'});
		const unknown = await fetch(`${s.endpoint}/`, {method: 'POST', headers: {'X-Amz-Target': 'AmazonSSM.SendCommand'}, body: '{}'});
		expect(await unknown.json()).toMatchObject({__type: 'UnknownOperationException', Message: expect.any(String)});
	});
});

describe('SSM TerminateSession and DescribeSessions', () => {
	it('terminates an open session, accepts unknown ids, and lists Active and History sessions', async () => {
		const {s, ssm} = await demo();
		const web = await taskOf(s, 'production', 'web');
		const target = targetOf('production', web);
		const a = (await start(ssm, {Target: target, DocumentName: 'AWS-StartPortForwardingSession', Parameters: {portNumber: ['80'], localPortNumber: ['8080']}, Reason: 'pf'})).SessionId!;
		s.sim.advance(10);
		const b = (await start(ssm, {Target: target})).SessionId!;
		// aws ssm describe-sessions --state Active
		const active = (await ssm.send(new DescribeSessionsCommand({State: 'Active'}))).Sessions!;
		expect(active.map(x => x.SessionId)).toEqual([a, b]);
		expect(active[0]).toMatchObject({Target: target, Status: 'Connected', DocumentName: 'AWS-StartPortForwardingSession', Owner: 'arn:aws:iam::123456789012:user/ecs-top-sim', Reason: 'pf'});
		expect(active[0]!.StartDate!.getTime()).toBe(Date.UTC(2026, 2, 1));
		expect(active[0]!.EndDate).toBeUndefined();

		expect((await ssm.send(new TerminateSessionCommand({SessionId: a}))).SessionId).toBe(a);
		// Again, and an id it never issued: SSM answers success for both.
		expect((await ssm.send(new TerminateSessionCommand({SessionId: a}))).SessionId).toBe(a);
		expect((await ssm.send(new TerminateSessionCommand({SessionId: 'someone-0123456789abcdef0'}))).SessionId).toBe('someone-0123456789abcdef0');
		expect((await s.stats()).ssmSessions).toEqual({open: 1, started: 2, terminated: 1, ended: 0});
		const history = (await ssm.send(new DescribeSessionsCommand({State: 'History'}))).Sessions!;
		expect(history).toHaveLength(1);
		expect(history[0]).toMatchObject({SessionId: a, Status: 'Terminated'});
		expect(history[0]!.EndDate!.getTime()).toBe(Date.UTC(2026, 2, 1) + 10_000);
		const filtered = (await ssm.send(new DescribeSessionsCommand({State: 'Active', Filters: [{key: 'Target', value: target}, {key: 'SessionId', value: b}]}))).Sessions!;
		expect(filtered.map(x => x.SessionId)).toEqual([b]);
		expect((await ssm.send(new DescribeSessionsCommand({State: 'Active', Filters: [{key: 'Target', value: 'ecs:other'}]}))).Sessions).toEqual([]);
	});

	it('pages DescribeSessions with MaxResults and NextToken', async () => {
		const {s, ssm} = await demo();
		const target = targetOf('production', await taskOf(s, 'production', 'web'));
		const ids: string[] = [];
		for (let i = 0; i < 5; i++) ids.push((await start(ssm, {Target: target})).SessionId!);
		const seen: string[] = [];
		let token: string | undefined;
		do {
			const page = await ssm.send(new DescribeSessionsCommand({State: 'Active', MaxResults: 2, NextToken: token}));
			expect(page.Sessions!.length).toBeLessThanOrEqual(2);
			seen.push(...page.Sessions!.map(x => x.SessionId!));
			token = page.NextToken;
		} while (token);
		expect(seen).toEqual(ids);
		expect(await failure(ssm.send(new DescribeSessionsCommand({State: 'Active', NextToken: 'bm9wZQ=='})))).toMatchObject({name: 'InvalidNextToken'});
		expect(await failure(ssm.send(new DescribeSessionsCommand({State: 'Gone' as 'Active'})))).toMatchObject({name: 'ValidationException'});
	});

	it('a session ends when its task stops', async () => {
		const {s, ssm} = await demo();
		const web = await taskOf(s, 'production', 'web');
		await start(ssm, {Target: targetOf('production', web), DocumentName: 'AWS-StartPortForwardingSession', Parameters: {portNumber: ['80']}});
		await s.client.send(new StopTaskCommand({cluster: 'production', task: web.taskArn}));
		s.sim.advance(60);
		expect((await ssm.send(new DescribeSessionsCommand({State: 'Active'}))).Sessions).toEqual([]);
		expect((await ssm.send(new DescribeSessionsCommand({State: 'History'}))).Sessions![0]!.Status).toBe('Terminated');
		expect((await s.stats()).ssmSessions).toEqual({open: 0, started: 1, terminated: 0, ended: 1});
	});
});

describe('SSM: throttling and faults', () => {
	it('StartSession has its own bucket: 3 at once, then ThrottlingException until the clock refills it', async () => {
		const {s, ssm} = await demo({throttle: true});
		const Target = targetOf('production', await taskOf(s, 'production', 'web'));
		for (let i = 0; i < 3; i++) await start(ssm, {Target});
		const error = await failure(start(ssm, {Target}));
		expect(error).toMatchObject({name: 'ThrottlingException', message: 'Rate exceeded'});
		// TerminateSession is not throttled.
		for (const [id] of s.sim.world.sessions.open) await ssm.send(new TerminateSessionCommand({SessionId: id}));
		s.sim.advance(1);
		expect((await start(ssm, {Target})).SessionId).toBeDefined();
		expect((await s.stats()).throttled).toEqual({StartSession: 1});
	});

	it('deny: StartSession AccessDeniedException names ssm:StartSession; errorRate gives InternalServerError', async () => {
		const {s, ssm} = await demo();
		const Target = targetOf('production', await taskOf(s, 'production', 'web'));
		await s.faults({deny: {StartSession: 'AccessDeniedException', TerminateSession: 'AccessDeniedException'}});
		const denied = await failure(start(ssm, {Target}));
		expect(denied.name).toBe('AccessDeniedException');
		expect(denied.message).toContain('is not authorized to perform: ssm:StartSession');
		expect((await failure(ssm.send(new TerminateSessionCommand({SessionId: 'x-01234567890abcdef'})))).name).toBe('AccessDeniedException');
		await s.faults({deny: {}, errorRate: 1});
		const broken = await failure(start(ssm, {Target}));
		expect(broken).toMatchObject({name: 'InternalServerError'});
		expect(broken.$metadata?.httpStatusCode).toBe(500);
		await s.faults({});
		expect((await start(ssm, {Target})).SessionId).toBeDefined();
		const stats = await s.stats();
		expect(stats.errors).toEqual({StartSession: 2, TerminateSession: 1});
		expect(stats.ssmSessions).toEqual({open: 1, started: 1, terminated: 0, ended: 0});
	});
});
