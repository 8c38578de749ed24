// Column sets per pane. Temporary: replaced by the data layer's store/columns.ts when it lands.
import type {Column} from '../components/table-layout.js';
import {shortId, taskDefinitionName, type Cluster, type Container, type ContainerInstance, type Service, type Task} from '../domain.js';

export const clusterColumns: Array<Column<Cluster>> = [
	{id: 'name', header: 'NAME', width: 24, value: c => c.clusterName},
	{id: 'status', header: 'STATUS', width: 8, value: c => c.status},
	{id: 'services', header: 'SERVICES', width: 8, align: 'right', value: c => String(c.activeServicesCount)},
	{id: 'tasks', header: 'RUN/PEND', width: 9, align: 'right', value: c => `${c.runningTasksCount}/${c.pendingTasksCount}`},
	{id: 'instances', header: 'INST', width: 5, align: 'right', value: c => String(c.registeredContainerInstancesCount)},
];

export const serviceColumns: Array<Column<Service>> = [
	{id: 'name', header: 'NAME', width: 24, value: s => s.serviceName},
	{id: 'status', header: 'STATUS', width: 8, value: s => s.status},
	{id: 'counts', header: 'D/R/P', width: 10, value: s => `${s.desiredCount}/${s.runningCount}/${s.pendingCount}`},
	{id: 'taskdef', header: 'TASK DEF', width: 20, value: s => taskDefinitionName(s.taskDefinition)},
];

export const taskColumns: Array<Column<Task>> = [
	{id: 'id', header: 'TASK', width: 12, value: t => shortId(t.taskArn).slice(0, 12)},
	{id: 'group', header: 'GROUP', width: 18, value: t => t.group ?? ''},
	{id: 'status', header: 'LAST/DESIRED', width: 17, value: t => `${t.lastStatus}/${t.desiredStatus}`},
	{id: 'health', header: 'HEALTH', width: 9, value: t => t.healthStatus ?? ''},
	{id: 'reason', header: 'STOP REASON', width: 30, value: t => t.stoppedReason ?? ''},
];

export const containerColumns: Array<Column<Container>> = [
	{id: 'name', header: 'NAME', width: 16, value: c => c.name},
	{id: 'image', header: 'IMAGE', width: 24, value: c => c.image ?? ''},
	{id: 'status', header: 'STATUS', width: 9, value: c => c.lastStatus ?? ''},
	{id: 'exit', header: 'EXIT', width: 4, value: c => (c.exitCode === undefined ? '' : String(c.exitCode))},
	{id: 'reason', header: 'REASON', width: 24, value: c => c.reason ?? ''},
];

export const instanceColumns: Array<Column<ContainerInstance>> = [
	{id: 'id', header: 'INSTANCE', width: 20, value: i => i.ec2InstanceId ?? shortId(i.containerInstanceArn)},
	{id: 'status', header: 'STATUS', width: 9, value: i => i.status},
	{id: 'agent', header: 'AGENT', width: 5, value: i => (i.agentConnected ? 'yes' : 'NO')},
	{id: 'tasks', header: 'RUN/PEND', width: 9, align: 'right', value: i => `${i.runningTasksCount}/${i.pendingTasksCount}`},
];
