// What ecs-top uses of @aws-sdk/client-cloudwatch-logs, imported on the first CloudWatch Logs call
// (see sdk-cloudwatch.ts for why).
export {CloudWatchLogsClient, DescribeLogGroupsCommand, FilterLogEventsCommand, GetLogEventsCommand, StartLiveTailCommand} from '@aws-sdk/client-cloudwatch-logs';
