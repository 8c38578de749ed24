// Two header lines: where we are (account, region or endpoint, profile, API status) and what we
// look at (pane, breadcrumbs, position, how fresh the data is and how often it refreshes). The API
// status is the latest truth: a call unanswered for 5 s, throttling, errors, else `API ok`.
import {Box, Text} from 'ink';
import {clock, truncate} from '../components/format.js';
import {formatAge, formatCount, formatInterval, formatSeconds} from '../format.js';
import type {ApiStatus, ScopeState} from '../store/types.js';
import {clean} from '../text.js';
import {paint, useTheme} from '../components/theme.js';
import type {AppEnv, ViewEntry} from './types.js';

export interface HeaderProps {
	env: AppEnv;
	readOnly: boolean;
	account: string | undefined;
	api: ApiStatus;
	stack: readonly ViewEntry[];
	/** The states of the focused view's scopes, focused one first. */
	scopes: ReadonlyArray<ScopeState | undefined>;
	/** 1-based position of the selection and the row count. */
	position: {index: number; count: number};
	notes: readonly string[];
	width: number;
	color: boolean;
	/** Epoch ms of this frame. */
	now: number;
}

type Colored = {text: string; color?: string};

export function apiStatusText(api: ApiStatus, now: number): Colored {
	if (api.state === 'waiting') {
		return {text: `waiting for ECS (${formatSeconds(now - (api.waitingSince ?? now), 'down')})`, color: 'yellow'};
	}
	if (api.state === 'throttled') {
		const left = api.backoffUntil ? api.backoffUntil - now : 0;
		return {text: left > 0 ? `throttled, backing off ${formatSeconds(left, 'up')}` : 'throttled', color: 'yellow'};
	}
	if (api.state === 'error') return {text: `error: ${clean(api.message ?? 'unknown')}`, color: 'red'};
	return {text: 'API ok', color: 'green'};
}

export function freshnessText(scopes: ReadonlyArray<ScopeState | undefined>, now: number): Colored {
	// A pane that reads outside the store (task definitions) has no scope: nothing polled to age.
	if (scopes.length === 0) return {text: ''};
	const focused = scopes[0];
	if (!focused) return {text: 'loading…', color: 'yellow'};
	const gone = scopes.find(s => s?.gone !== undefined)?.gone;
	if (gone !== undefined) return {text: goneText(gone), color: 'red'};
	const stale = scopes.find(s => s?.stale);
	if (stale) {
		const since = stale.staleSince ?? now;
		const reason = stale.error ? `: ${clean(stale.error.message)}` : '';
		return {text: `stale since ${clock(since)} (${formatAge(now - since, now, {units: 1})})${reason}`, color: 'red'};
	}
	if (focused.loading && focused.total !== undefined) {
		return {text: `loaded ${formatCount(focused.loaded ?? 0)} of ${formatCount(focused.total)}`, color: 'yellow'};
	}
	if (focused.updatedAt === undefined) {
		return focused.error ? {text: `error: ${clean(focused.error.message)}`, color: 'red'} : {text: 'loading…', color: 'yellow'};
	}
	// The planned interval; a mark only when the shared API budget really stretches it.
	const stretched = focused.budgetStretched ? ' (API budget)' : '';
	return {text: `updated ${formatAge(now - focused.updatedAt, now, {units: 1})} ago, every ${formatInterval(focused.intervalMs)}${stretched}`};
}

/** A pane whose cluster ECS no longer knows. */
export function goneText(cluster: string): string {
	return `cluster ${clean(cluster)} is gone (deleted or not found)`;
}

function endpointHost(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return url;
	}
}

export function Header(props: HeaderProps) {
	const {env, readOnly, account, api, stack, scopes, position, notes, width, color, now} = props;
	const theme = useTheme();
	// With an endpoint, its Region too: the simulator (and LocalStack) serve several, and `:region` switches.
	const where = env.endpointUrl ? `${env.region ? `${env.region}  ` : ''}endpoint ${endpointHost(env.endpointUrl)}` : (env.region ?? 'region ?');
	const left1 = (env.contexts ? ['ecs-top', env.contexts, readOnly ? 'READ-ONLY' : ''] : ['ecs-top', `account ${account ?? '…'}`, where, env.profile ? `profile ${env.profile}` : '', readOnly ? 'READ-ONLY' : ''])
		.filter(Boolean)
		.join('  ');
	const apiText = apiStatusText(api, now);
	const pane = stack.at(-1)?.pane ?? '';
	const crumbs = stack.map(v => v.crumb).join(' › ');
	const fresh = freshnessText(scopes, now);
	const pos = position.count > 0 ? `${formatCount(position.index)}/${formatCount(position.count)}  ` : '';
	const rightMax = Math.max(10, Math.floor(width * 0.6));
	const noteText = notes.length > 0 ? `  [${notes.map(n => clean(n)).join('] [')}]` : '';
	return (
		<Box flexDirection="column" width={width}>
			<Box width={width} justifyContent="space-between">
				<Box flexShrink={1}>
					<Text wrap="truncate-end">{left1}</Text>
				</Box>
				<Box flexShrink={0} marginLeft={1}>
					<Text color={color ? paint(theme, apiText.color) : undefined} wrap="truncate-end">
						{truncate(apiText.text, rightMax)}
					</Text>
				</Box>
			</Box>
			<Box width={width} justifyContent="space-between">
				<Box flexShrink={1}>
					<Text wrap="truncate-end">
						<Text bold>{pane.toUpperCase()}</Text>
						{`  ${crumbs}${noteText}`}
					</Text>
				</Box>
				<Box flexShrink={0} marginLeft={1}>
					<Text color={color ? paint(theme, fresh.color) : undefined} wrap="truncate-end">
						{truncate(pos + fresh.text, rightMax)}
					</Text>
				</Box>
			</Box>
		</Box>
	);
}
