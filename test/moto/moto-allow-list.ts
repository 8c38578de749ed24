// Documented differences between moto's (5.x) ECS responses and ours, per operation and field
// path, for the cross-check in cross-check.test.ts. Every entry says whose behaviour it is and why
// ours is what ECS sends (as the ECS API reference documents it). An entry that stops
// occurring fails the test, so the lists stay exact. Regenerate the raw diff with
// `XCHECK_DUMP=/tmp/xcheck.json npx vitest run test/moto/cross-check.test.ts`.

/** Fields moto returns that we do not: all moto quirks (a real gap in our simulator is fixed there, not listed here). */
export const onlyInMoto: Record<string, Record<string, string>> = {
	DescribeServices: {
		'services[].deployments[].platformFamily': 'moto sets platformFamily "EC2" on EC2 deployments; ECS sends platformFamily (an OS family such as "Linux") for Fargate only.',
		'services[].networkConfiguration': 'moto answers networkConfiguration {} for a bridge-mode service; ECS omits it unless the service uses awsvpc (ours then has awsvpcConfiguration).',
		'services[].taskSets': 'moto always sends taskSets []; ECS sends task sets only for EXTERNAL / CODE_DEPLOY deployment controllers.',
	},
	DescribeTasks: {
		'tasks[].containers[].exitCode': 'moto sends exitCode 0 on containers that are still PENDING or RUNNING; ECS sends exitCode only once a container has stopped (ours does, for stopped tasks).',
		'tasks[].stoppedReason': 'moto sends stoppedReason "" on running tasks; ECS sends it only for stopping or stopped tasks (ours does).',
	},
};

const taskDefinitionOnlyOurs: Record<string, string> = {
	'taskDefinition.containerDefinitions[].logConfiguration': 'ours are registered with the awslogs driver, as ECS console-made definitions are; moto had none registered.',
	'taskDefinition.containerDefinitions[].logConfiguration.logDriver': 'see logConfiguration.',
	'taskDefinition.containerDefinitions[].logConfiguration.options': 'see logConfiguration.',
	'taskDefinition.containerDefinitions[].logConfiguration.options.awslogs-group': 'see logConfiguration (a map key, not a model field).',
	'taskDefinition.containerDefinitions[].logConfiguration.options.awslogs-region': 'see logConfiguration (a map key, not a model field).',
	'taskDefinition.containerDefinitions[].logConfiguration.options.awslogs-stream-prefix': 'see logConfiguration (a map key, not a model field).',
	'taskDefinition.containerDefinitions[].systemControls': 'ECS echoes systemControls [] on every container definition; moto omits it.',
	'taskDefinition.executionRoleArn': 'ours have an execution role (needed by awslogs and ECR pulls); moto had none registered.',
	'taskDefinition.taskRoleArn': 'ours have a task role; moto had none registered.',
	'taskDefinition.registeredAt': 'ECS sends registeredAt; moto does not record it.',
	'taskDefinition.registeredBy': 'ECS sends registeredBy; moto does not record it.',
	'taskDefinition.requiresAttributes': 'ECS derives requiresAttributes (e.g. com.amazonaws.ecs.capability.logging-driver.awslogs); moto does not.',
	'taskDefinition.requiresAttributes[].name': 'see requiresAttributes.',
};

/** Fields we return that moto does not: all fields ECS sends that moto leaves out. */
export const onlyInOurs: Record<string, Record<string, string>> = {
	DescribeClusters: {
		'clusters[].capacityProviders': 'ECS sends capacityProviders (possibly []) on every cluster; moto omits it when none were set.',
		'clusters[].defaultCapacityProviderStrategy': 'ECS sends defaultCapacityProviderStrategy (possibly []); moto omits it.',
		'clusters[].statistics': 'ECS sends statistics, [] without include STATISTICS (as in the AWS CLI reference example); moto ignores include and never sends it.',
		'clusters[].statistics[].name': 'include STATISTICS: moto ignores it.',
		'clusters[].statistics[].value': 'include STATISTICS: moto ignores it.',
		'clusters[].tags': 'ECS sends tags, [] without include TAGS (as in the AWS CLI reference example); moto sends them only with include TAGS.',
	},
	DescribeServices: {
		'services[].availabilityZoneRebalancing': 'ECS (2024+) sends availabilityZoneRebalancing on every service; moto predates it.',
		'services[].createdAt': 'ECS sends the service createdAt; moto omits it.',
		'services[].createdBy': 'ECS sends the creating principal; moto omits it.',
		'services[].currentServiceDeployment': 'ECS (2024+) sends the current service deployment ARN; moto predates it.',
		'services[].currentServiceRevisions': 'ECS (2024+) sends currentServiceRevisions; moto predates it.',
		'services[].currentServiceRevisions[].arn': 'see currentServiceRevisions.',
		'services[].currentServiceRevisions[].pendingTaskCount': 'see currentServiceRevisions.',
		'services[].currentServiceRevisions[].requestedTaskCount': 'see currentServiceRevisions.',
		'services[].currentServiceRevisions[].runningTaskCount': 'see currentServiceRevisions.',
		'services[].deploymentConfiguration': 'ECS always sends deploymentConfiguration (defaults 100/200 and the circuit breaker); moto omits it when not given.',
		'services[].deploymentConfiguration.deploymentCircuitBreaker': 'see deploymentConfiguration.',
		'services[].deploymentConfiguration.deploymentCircuitBreaker.enable': 'see deploymentConfiguration.',
		'services[].deploymentConfiguration.deploymentCircuitBreaker.rollback': 'see deploymentConfiguration.',
		'services[].deploymentConfiguration.maximumPercent': 'see deploymentConfiguration.',
		'services[].deploymentConfiguration.minimumHealthyPercent': 'see deploymentConfiguration.',
		'services[].deploymentConfiguration.strategy': 'ECS (2025+) sends the deployment strategy (ROLLING); moto predates it.',
		'services[].enableECSManagedTags': 'ECS sends enableECSManagedTags; moto omits it.',
		'services[].enableExecuteCommand': 'ECS sends enableExecuteCommand; moto omits it.',
		'services[].placementConstraints': 'ECS sends placementConstraints (possibly []); moto omits it.',
		'services[].placementStrategy': 'ECS sends placementStrategy (possibly []); moto omits it.',
		'services[].resourceManagementType': 'ECS (2025+) sends resourceManagementType; moto predates it.',
	},
	DescribeTasks: {
		'tasks[].attributes': 'ECS sends attributes (ecs.cpu-architecture) on tasks; moto omits them.',
		'tasks[].attributes[].name': 'see attributes.',
		'tasks[].attributes[].value': 'see attributes.',
		'tasks[].availabilityZone': 'ECS sends the task availabilityZone; moto omits it.',
		'tasks[].capacityProviderName': 'ECS sends capacityProviderName (FARGATE for Fargate tasks); moto omits it.',
		'tasks[].connectivity': 'ECS sends connectivity CONNECTED; moto omits it.',
		'tasks[].connectivityAt': 'see connectivity.',
		'tasks[].containers[].networkBindings': 'ECS sends the bridge-mode host port bindings; moto sends none.',
		'tasks[].containers[].networkBindings[].bindIP': 'see networkBindings.',
		'tasks[].containers[].networkBindings[].containerPort': 'see networkBindings.',
		'tasks[].containers[].networkBindings[].hostPort': 'see networkBindings.',
		'tasks[].containers[].networkBindings[].protocol': 'see networkBindings.',
		'tasks[].containers[].runtimeId': 'ECS sends the container runtime ID once started; moto does not.',
		'tasks[].cpu': 'ECS sends the task-level cpu; moto omits it.',
		'tasks[].createdAt': 'ECS sends createdAt on every task; moto omits it.',
		'tasks[].enableExecuteCommand': 'ECS sends enableExecuteCommand; moto omits it.',
		'tasks[].ephemeralStorage': 'ECS sends ephemeralStorage (20 GiB) for Fargate tasks; moto omits it.',
		'tasks[].ephemeralStorage.sizeInGiB': 'see ephemeralStorage.',
		'tasks[].healthStatus': 'ECS sends the task healthStatus (UNKNOWN without health checks); moto sends it only on containers.',
		'tasks[].memory': 'ECS sends the task-level memory; moto omits it.',
		'tasks[].platformFamily': 'ECS sends platformFamily for Fargate tasks; moto omits it.',
		'tasks[].platformVersion': 'ECS sends platformVersion for Fargate tasks; moto omits it.',
		'tasks[].pullStartedAt': 'ECS sends the image pull timestamps; moto has no lifecycle timestamps.',
		'tasks[].pullStoppedAt': 'see pullStartedAt.',
		'tasks[].startedAt': 'ECS sends startedAt once RUNNING; moto omits it.',
		'tasks[].tags': 'ours sends tags [] without include TAGS, as ECS does; moto omits the field on DescribeTasks.',
		'tasks[].version': 'ECS sends the task version counter; moto omits it.',
	},
	DescribeContainerInstances: {
		'containerInstances[].attachments': 'ECS sends attachments (possibly []); moto omits it.',
		'containerInstances[].tags': 'ours sends tags [] without include TAGS, as ECS does; moto omits the field.',
		'containerInstances[].version': 'ECS sends the container instance version counter; moto omits it.',
	},
	DescribeTaskDefinition: taskDefinitionOnlyOurs,
	DeregisterTaskDefinition: {
		...taskDefinitionOnlyOurs,
		'taskDefinition.deregisteredAt': 'ECS records when a revision was deregistered; moto only sets status INACTIVE.',
	},
};
