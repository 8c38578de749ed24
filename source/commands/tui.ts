// `ecs-top [flags]`: checks region, credentials and --cluster/--service BEFORE touching the
// screen (a bad flag ends in one line on a normal terminal, exit 1), then runs the Ink app in the
// alternate screen and restores the terminal however it ends.
import process from 'node:process';
import {render} from 'ink';
import {createElement} from 'react';
import {App, colorEnabled} from '../app.js';
import {createEcsApi, resolveAwsContext} from '../aws/client.js';
import type {EcsApi} from '../aws/ecs-api.js';
import {describeError} from '../aws/errors.js';
import {sharedLimiter} from '../aws/limiter.js';
import {UserError, type ParsedArgs} from '../cli-args.js';
import {createDataLayer} from '../store/index.js';
import {startDemoSim, type DemoSim} from './demo.js';
import {enterTerminal, inkStdout} from './terminal.js';

/** Proves the credentials work and the requested cluster/service exist, with one or two reads. */
export async function preflight(api: EcsApi, cluster?: string, service?: string): Promise<void> {
	try {
		if (!cluster) {
			// aws ecs list-clusters
			await api.listClusterArns({priority: 'interactive'});
			return;
		}
		// aws ecs describe-clusters --clusters CLUSTER
		const clusters = await api.describeClusters([cluster], {priority: 'interactive'});
		const found = clusters.items.find(c => c.status !== 'INACTIVE');
		if (!found) throw new UserError(`cluster "${cluster}" not found`);
		if (!service) return;
		// aws ecs describe-services --cluster CLUSTER --services SERVICE
		const services = await api.describeServices(cluster, [service], {priority: 'interactive'});
		if (!services.items.some(s => s.status !== 'INACTIVE')) throw new UserError(`service "${service}" not found in cluster "${cluster}"`);
	} catch (error) {
		if (error instanceof UserError) throw error;
		throw new UserError(describeError(error).message);
	}
}

export async function runTui(parsed: ParsedArgs): Promise<number> {
	let demo: DemoSim | undefined;
	let stopPolling: (() => void) | undefined;
	const cleanup = () => {
		stopPolling?.();
		demo?.stop();
	};
	try {
		const flags = {...parsed.aws};
		let credentials: DemoSim['credentials'] | undefined;
		if (parsed.demo) {
			demo = await startDemoSim(parsed);
			flags.endpointUrl = demo.endpoint;
			flags.region = demo.region;
			credentials = demo.credentials;
		}
		const context = await resolveAwsContext(flags).catch((error: unknown) => {
			throw new UserError(describeError(error).message);
		});
		const limiter = sharedLimiter();
		const api = createEcsApi({...flags, readOnly: parsed.aws.readOnly, credentials, limiter});
		const cluster = parsed.cluster;
		const service = parsed.services[0];
		await preflight(api, cluster, service);

		const {store, poller} = createDataLayer({api, refreshSeconds: parsed.refreshSeconds, limiterState: () => limiter.status()});
		stopPolling = () => poller.stop();
		const terminal = enterTerminal({cleanup, debug: parsed.debug});
		try {
			const app = createElement(App, {
				store,
				poller,
				api,
				readOnly: parsed.aws.readOnly,
				env: {profile: context.profile, region: context.region, endpointUrl: context.endpoint},
				cluster,
				service,
				color: colorEnabled(),
				// Without a terminal to read keys from, show the first screenful and stop.
				exitAfterFirstRender: parsed.exitAfterFirstRender || !process.stdin.isTTY,
			});
			// Incremental rendering rewrites only the lines that changed: cheap over SSH.
			const instance = render(app, {stdout: inkStdout(), exitOnCtrlC: true, patchConsole: false, incrementalRendering: true});
			await instance.waitUntilExit();
		} finally {
			terminal.dispose();
		}
		return 0;
	} finally {
		cleanup();
	}
}
