// ECS ExecuteCommand: opens a Session Manager session into a container, as ECS answers it. The
// session's stream URL and token lead to the simulator's data channel (ssm/data-channel/). The
// checks follow ECS's: interactive only, a container named when the task has several, exec enabled
// at launch with the agent RUNNING, the instance's agent connected.
import {execRefusal, ssmTarget} from './exec.js';
import {invalid, optBool, optString, reqString, SimError, type Body} from './protocol.js';
import {SIM_CALLER} from './sessions.js';
import type {World} from './world.js';

type Handler = (world: World, body: Body) => unknown;

/**
 * ECS's wording, with its typographic apostrophe ("isn’t"), as AWS CLI transcripts quote it (e.g.
 * keidarcy/e1s#206). It stands both for exec never enabled and for an agent not (or no longer) running.
 */
export const EXEC_NOT_ENABLED = 'The execute command failed because execute command was not enabled when the task was run or the execute command agent isn’t running. Wait and try again or run a new task with execute command enabled and try again.';
/** ECS's answer to `interactive: false` (quoted in several ECS Exec write-ups). */
export const EXEC_INTERACTIVE_ONLY = 'Interactive is the only mode supported currently.';
/** TargetNotConnectedException as ECS words it (AWS CLI transcripts); the simulator sends it when the task's container instance has lost its agent. */
export const EXEC_NOT_CONNECTED = 'The execute command failed due to an internal error. Try again later.';

export const execOps: Record<string, Handler> = {
	ExecuteCommand(world, body) {
		const cluster = world.cluster(optString(body, 'cluster'));
		const command = reqString(body, 'command');
		if (optBool(body, 'interactive') !== true) throw invalid(EXEC_INTERACTIVE_ONLY);
		const task = world.findTask(cluster, reqString(body, 'task'));
		// Not confirmed against ECS: the wording StopTask uses for an unknown task.
		if (!task) throw invalid('The referenced task was not found.');
		const name = optString(body, 'container');
		// Not confirmed against ECS: these two messages are the simulator's own.
		if (name === undefined && task.containers.length > 1) throw invalid('The task has more than one container: specify the container to execute the command on.');
		const container = name === undefined ? task.containers[0] : task.containers.find(c => c.name === name);
		if (!container) throw invalid(`The container ${name} does not exist in the task.`);
		const refusal = execRefusal(task, container);
		if (refusal === 'disconnected') throw new SimError('TargetNotConnectedException', EXEC_NOT_CONNECTED);
		if (refusal) throw invalid(EXEC_NOT_ENABLED);
		const session = world.sessions.start({
			kind: 'exec',
			target: ssmTarget(task, container),
			task,
			containerName: container.name,
			// The Session document ECS Exec sessions run under.
			documentName: 'AmazonECS-ExecuteInteractiveCommand',
			parameters: {command: [command]},
			owner: `arn:aws:iam::${world.accountId}:user/${SIM_CALLER}`,
			startedAt: world.now(),
			region: world.region,
			caller: SIM_CALLER,
		});
		return {
			clusterArn: cluster.arn,
			containerArn: container.arn,
			containerName: container.name,
			interactive: true,
			session: {sessionId: session.id, streamUrl: session.streamUrl, tokenValue: session.tokenValue},
			taskArn: task.arn,
		};
	},
};
