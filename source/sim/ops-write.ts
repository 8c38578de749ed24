// The mutations a monitor offers: StopTask, UpdateService (incl. enableExecuteCommand),
// UpdateContainerInstancesState and StopServiceDeployment (rollback). They change the desired state
// at once; the scheduler then moves the world toward it.
import {rollbackSource, stoppable, stopping} from './deployments.js';
import {findServiceDeployment} from './ops-read.js';
import {batch, invalid, optBool, optInt, optString, reqString, serviceNotFound, SimError, type Body} from './protocol.js';
import {instanceWire, serviceWire, taskWire} from './wire.js';
import type {World} from './world.js';

type Handler = (world: World, body: Body) => unknown;

export const writeOps: Record<string, Handler> = {
	StopTask(world, body) {
		const cluster = world.cluster(optString(body, 'cluster'));
		const task = world.findTask(cluster, reqString(body, 'task'));
		if (!task) throw invalid('The referenced task was not found.');
		world.scheduler.stopTask(task, optString(body, 'reason'));
		return {task: taskWire(task, [])};
	},

	UpdateService(world, body) {
		const cluster = world.cluster(optString(body, 'cluster'));
		const svc = world.findService(cluster, reqString(body, 'service'));
		if (!svc) throw serviceNotFound();
		if (svc.status !== 'ACTIVE') throw new SimError('ServiceNotActiveException', 'Service was not ACTIVE.');
		const desiredCount = optInt(body, 'desiredCount');
		if (desiredCount !== undefined && desiredCount < 0) throw invalid('desiredCount must be greater than or equal to 0.');
		const ref = optString(body, 'taskDefinition');
		const taskDef = ref === undefined ? undefined : world.findTaskDef(ref);
		if (ref !== undefined && !taskDef) throw new SimError('ClientException', 'TaskDefinition not found.');
		// A deregistered revision keeps running where it runs, but no service can move to it.
		if (taskDef?.status === 'INACTIVE') throw new SimError('ClientException', 'TaskDefinition is inactive');
		const config = (body.deploymentConfiguration ?? {}) as Body;
		if (typeof config !== 'object' || Array.isArray(config)) throw invalid('deploymentConfiguration must be an object.');
		const min = optInt(config, 'minimumHealthyPercent');
		const max = optInt(config, 'maximumPercent');
		if (min !== undefined && (min < 0 || min > 100)) throw invalid('minimumHealthyPercent must be between 0 and 100.');
		if (max !== undefined && (max < 100 || max > 200)) throw invalid('maximumPercent must be between 100 and 200.');
		const breaker = config.deploymentCircuitBreaker as {enable?: unknown; rollback?: unknown} | undefined;
		world.scheduler.updateService(svc, {
			desiredCount,
			taskDef,
			force: optBool(body, 'forceNewDeployment') === true,
			minimumHealthyPercent: min,
			maximumPercent: max,
			circuitBreaker: breaker ? {enable: breaker.enable === true, rollback: breaker.rollback === true} : undefined,
			enableExecuteCommand: optBool(body, 'enableExecuteCommand'),
		});
		return {service: serviceWire(svc, [])};
	},

	StopServiceDeployment(world, body) {
		const arn = reqString(body, 'serviceDeploymentArn');
		const stopType = optString(body, 'stopType') ?? 'ROLLBACK';
		// The model lists ABORT too, but ECS documents ROLLBACK as the one valid value.
		if (stopType !== 'ROLLBACK') throw invalid(`stopType ${stopType} is not supported. The valid value is ROLLBACK.`);
		const sd = findServiceDeployment(world, arn);
		if (!sd) throw new SimError('ServiceDeploymentNotFoundException', 'The service deployment does not exist.');
		if (sd.service.status !== 'ACTIVE') throw new SimError('ServiceNotActiveException', 'Service was not ACTIVE.');
		// Already stopping or rolling back: it carries on (ECS's documented behaviour), nothing new starts.
		if (stopping.has(sd.status)) return {serviceDeploymentArn: sd.arn};
		if (!stoppable.has(sd.status)) throw new SimError('ConflictException', `The service deployment is ${sd.status}: only a PENDING or IN_PROGRESS service deployment can be stopped.`);
		if (!rollbackSource(sd)) throw new SimError('ConflictException', 'The service deployment has no previous service revision to roll back to.');
		world.scheduler.rollBack(sd);
		return {serviceDeploymentArn: sd.arn};
	},

	UpdateContainerInstancesState(world, body) {
		const cluster = world.cluster(optString(body, 'cluster'));
		const refs = batch(body, 'containerInstances', 'ContainerInstances', 10);
		const status = reqString(body, 'status');
		if (status !== 'ACTIVE' && status !== 'DRAINING') throw invalid('Container instance status must be one of ACTIVE, DRAINING.');
		const containerInstances = [];
		const failures = [];
		for (const ref of refs) {
			const instance = world.findInstance(cluster, ref);
			if (!instance) {
				failures.push({arn: ref.startsWith('arn:') ? ref : world.arn(`container-instance/${cluster.name}/${ref}`), reason: 'MISSING'});
				continue;
			}
			world.scheduler.setInstanceStatus(instance, status);
			containerInstances.push(instanceWire(instance, []));
		}
		return {containerInstances, failures};
	},
};
