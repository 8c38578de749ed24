// What ecs-top uses of @aws-sdk/client-ssm, imported on the first SSM call (exec, port forwards;
// see sdk-cloudwatch.ts for why).
export {SSMClient, StartSessionCommand, TerminateSessionCommand} from '@aws-sdk/client-ssm';
