// What ecs-top uses of @aws-sdk/client-cloudwatch, in a module of its own so it is imported only on
// the first GetMetricData (`await import('./sdk-cloudwatch.js')`): evaluating an SDK client at start-up
// cost the TUI's first frame tens of milliseconds. Named exports keep the bundle tree-shaken.
export {CloudWatchClient, GetMetricDataCommand} from '@aws-sdk/client-cloudwatch';
