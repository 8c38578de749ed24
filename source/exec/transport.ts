// Which transport carries a session: AWS's session-manager-plugin (found on PATH) or ecs-top's own
// data-channel client (source/exec/session/). `auto` takes the plugin when it is installed (it does
// everything, KMS and multiplexed forwards included) and the built-in client otherwise.
import {pluginInstallUrl, pluginName} from './plugin-args.js';
import {findPlugin} from './plugin.js';

/** What --transport takes. */
export type Transport = 'auto' | 'plugin' | 'builtin';

export type SessionTransport = {kind: 'plugin'; plugin: string} | {kind: 'builtin'};

/** The transport for `wanted`, or the one line why not (`plugin` asked for and not installed). */
export function chooseTransport(wanted: Transport, what: string, env: NodeJS.ProcessEnv = process.env): SessionTransport | {refusal: string} {
	if (wanted === 'builtin') return {kind: 'builtin'};
	const plugin = findPlugin(env);
	if (plugin) return {kind: 'plugin', plugin};
	if (wanted === 'plugin') return {refusal: `${what} needs ${pluginName}, which is not on PATH: install it (${pluginInstallUrl}) or use --transport builtin; nothing was sent`};
	return {kind: 'builtin'};
}

/** How the confirmations name it. */
export function transportLabel(transport: SessionTransport): string {
	return transport.kind === 'plugin' ? pluginName : 'ecs-top\'s built-in session client';
}
