// What the simulator's data-channel tests share: a simulator on a stepped clock, an SSM client on it,
// production's first `web` task, and every channel a test opens, all closed after each test.
import {DescribeTasksCommand, ListTasksCommand, type Task} from '@aws-sdk/client-ecs';
import {SSMClient, StartSessionCommand, type StartSessionCommandInput, type StartSessionCommandOutput} from '@aws-sdk/client-ssm';
import {afterEach} from 'vitest';
import {startTestSim, type TestSim} from './sim.js';
import {TestChannel, type ChannelOptions} from './ssm-channel.js';

export interface WebTask {
	s: TestSim;
	ssm: SSMClient;
	task: Task;
	taskId: string;
}

export function ssmFixture() {
	let sim: TestSim | undefined;
	let ssm: SSMClient | undefined;
	const channels: TestChannel[] = [];
	afterEach(async () => {
		for (const channel of channels.splice(0)) channel.close();
		ssm?.destroy();
		ssm = undefined;
		await sim?.close();
		sim = undefined;
	});
	return {
		/** The simulator (`before` may change its world first), an SSM client, production's first web task. */
		async webTask(before?: (s: TestSim) => void, options: {realClock?: boolean} = {}): Promise<WebTask> {
			const s = await startTestSim(options.realClock ? {seed: 1, clock: 'real'} : {seed: 1, startTime: Date.UTC(2026, 2, 1)});
			sim = s;
			before?.(s);
			ssm = new SSMClient({endpoint: s.endpoint, region: 'us-east-1', credentials: {accessKeyId: 'sim', secretAccessKey: 'sim'}, maxAttempts: 1});
			const arns = (await s.client.send(new ListTasksCommand({cluster: 'production', serviceName: 'web'}))).taskArns!;
			const task = (await s.client.send(new DescribeTasksCommand({cluster: 'production', tasks: arns.slice(0, 1)}))).tasks![0]!;
			return {s, ssm, task, taskId: task.taskArn!.split('/').at(-1)!};
		},
		/** StartSession on the task's first container. */
		async startSession({ssm: client, task, taskId}: Pick<WebTask, 'ssm' | 'task' | 'taskId'>, input: Omit<StartSessionCommandInput, 'Target'> = {}): Promise<StartSessionCommandOutput> {
			return client.send(new StartSessionCommand({Target: `ecs:production_${taskId}_${task.containers![0]!.runtimeId}`, ...input}));
		},
		/** A channel to the stream URL, closed after the test. */
		async open(streamUrl: string, options: ChannelOptions): Promise<TestChannel> {
			const channel = await TestChannel.open(streamUrl, options);
			channels.push(channel);
			return channel;
		},
		/** The test closed the simulator itself: nothing left to close after it. */
		closedByTest(): void {
			ssm?.destroy();
			ssm = undefined;
			sim = undefined;
		},
	};
}
