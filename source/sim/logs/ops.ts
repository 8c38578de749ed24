// The CloudWatch Logs operations the simulator serves (JSON 1.1, X-Amz-Target `Logs_20140328.<Op>`);
// StartLiveTail is answered by live-tail.ts, as it streams.
import type {Body} from '../protocol.js';
import {describeOps} from './ops-describe.js';
import {eventOps} from './ops-events.js';
import type {LogStore} from './store.js';

export const LOGS_TARGET_PREFIX = 'Logs_20140328.';

export const logsOperations: Record<string, (store: LogStore, body: Body) => unknown> = {...describeOps, ...eventOps};
