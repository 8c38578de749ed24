// Service events in ECS's own wording (see the ECS developer guide's "service event messages").
import type {DeploymentRec, ServiceRec, TaskRec} from './model.js';

const guide = 'For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.';
const s = (svc: ServiceRec) => `(service ${svc.name})`;
const taskList = (tasks: TaskRec[]) => tasks.map(t => `(task ${t.id})`).join(' ');

export const messages = {
	started: (svc: ServiceRec, tasks: TaskRec[]) => `${s(svc)} has started ${tasks.length} tasks: ${taskList(tasks)}.`,
	stopped: (svc: ServiceRec, tasks: TaskRec[]) => `${s(svc)} has stopped ${tasks.length} running tasks: ${taskList(tasks)}.`,
	steady: (svc: ServiceRec) => `${s(svc)} has reached a steady state.`,
	unableToPlace: (svc: ServiceRec, reason: string) =>
		svc.launchType === 'FARGATE'
			? `${s(svc)} was unable to place a task. Reason: ${reason}`
			: `${s(svc)} was unable to place a task because no container instance met all of its requirements. ${reason} ${guide}`,
	deploymentCompleted: (svc: ServiceRec, d: DeploymentRec) => `${s(svc)} (deployment ${d.id}) deployment completed.`,
	deploymentFailed: (svc: ServiceRec, d: DeploymentRec) => `${s(svc)} (deployment ${d.id}) deployment failed: tasks failed to start.`,
	rollingBack: (svc: ServiceRec, d: DeploymentRec, to: DeploymentRec) => `${s(svc)} (deployment ${d.id}) deployment is rolling back to (deployment ${to.id}).`,
	registered: (svc: ServiceRec, n: number, tg: string) => `${s(svc)} registered ${n} targets in (target-group ${tg})`,
	deregistered: (svc: ServiceRec, n: number, tg: string) => `${s(svc)} deregistered ${n} targets in (target-group ${tg})`,
	drainingConnections: (svc: ServiceRec, n: number) => `${s(svc)} has begun draining connections on ${n} tasks.`,
	unhealthy: (svc: ServiceRec, task: TaskRec) => `${s(svc)} (task ${task.id}) failed container health checks.`,
	unstable: (svc: ServiceRec) => `${s(svc)} is unable to consistently start tasks successfully. ${guide}`,
};
