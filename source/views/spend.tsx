// `$`: the cost meter. What ecs-top has sent to AWS since it started (every throttle category it
// called, ECS, CloudWatch Logs and CloudWatch alike) and what AWS bills on top of the calls
// (GetMetricData per metric requested, Live Tail per session-minute), priced from the ledger's
// table, whose date and status are shown with the estimate: the prices are not verified. The
// numbers come from the spend ledger the limiter counts into (aws/spend.ts), reached through the
// ActionContext, never a global: an app started without one says so.
import {Box, Text} from 'ink';
import {categoryLabel, type Category} from '../aws/categories.js';
import type {SpendSnapshot} from '../aws/spend.js';
import {clock} from '../components/format.js';
import {useNow} from '../components/use-now.js';
import {formatAge, formatCount} from '../format.js';
import type {BodySize, Extension, Overlay} from './types.js';
import {viewKey} from './view-state.js';

export const spendOverlayId = 'spend';
const offsetKey = viewKey<number>('spend.offset');

/**
 * While open, the meter redraws itself this often: its last-minute column moves with the clock
 * even when nothing is called, and the app's own clock ticks only every 10 s when all is quiet.
 */
export const spendRedrawMs = 1000;

export interface SpendLine {
	text: string;
	bold?: boolean;
}

const lastHeader = 'last 60 s';
const totalHeader = 'since start';
/** Categories in categoryLabel's order: ECS's, then CloudWatch Logs', then CloudWatch's. */
const categoryOrder = Object.keys(categoryLabel) as Category[];

const usd = (n: number) => `$${n.toFixed(4)}`;

/** The meter's lines below its title, from one snapshot (pure: tests read them as the frame shows them). */
export function spendLines(s: SpendSnapshot): SpendLine[] {
	const called = categoryOrder.filter(c => s.byCategory[c] !== undefined);
	const metricsLabel = 'GetMetricData metrics requested';
	const labelWidth = Math.max(metricsLabel.length, ...called.map(c => categoryLabel[c].length)) + 4;
	const row = (label: string, last: number, total: number): SpendLine => ({
		text: `  ${label.padEnd(labelWidth - 2)}${formatCount(last).padStart(lastHeader.length)}  ${formatCount(total).padStart(totalHeader.length)}`,
	});
	const header = (title: string): SpendLine => ({text: `${title.padEnd(labelWidth)}${lastHeader}  ${totalHeader}`, bold: true});
	const {prices, estimate, liveTail} = s;
	const lines: SpendLine[] = [header('AWS calls')];
	if (called.length === 0) lines.push({text: '  none yet'});
	for (const category of called) {
		const tally = s.byCategory[category]!;
		lines.push(row(categoryLabel[category], tally.lastMinute, tally.total));
	}
	if (called.length > 0) lines.push(row('all calls', s.calls.lastMinute, s.calls.total));
	lines.push(
		{text: ''},
		header('Billed by AWS'),
		row(metricsLabel, s.metricsRequested.lastMinute, s.metricsRequested.total),
		{text: `  Live Tail sessions: ${liveTail.open} open, ${liveTail.sessions} started, ${liveTail.minutes.toFixed(1)} session-minutes`},
		{text: ''},
		{text: `Estimate: ${usd(estimate.usd)} (${prices.region} prices, free tier not subtracted)`, bold: true},
		{text: `  GetMetricData ${usd(estimate.getMetricDataUsd)}  ${formatCount(s.metricsRequested.total)} metrics × $${prices.getMetricDataPer1000Metrics} per 1,000`},
		{text: `  Live Tail     ${usd(estimate.liveTailUsd)}  ${liveTail.minutes.toFixed(1)} session-minutes × $${prices.liveTailPerSessionMinute}`},
		{text: `Prices are estimates read on ${estimate.pricesReadAt}, ${estimate.pricesStatus}.`},
		// Where the billed units come from, so the meter says how to make them stop.
		{text: 'Billed calls: metrics once a minute for what is on screen (CPU%, MEM%),'},
		{text: 'Live Tail only when L is pressed; ECS and CloudWatch Logs reads are not billed.'},
	);
	return lines;
}

function title(s: SpendSnapshot | undefined, more: boolean): string {
	const closes = `Esc or $ closes.${more ? ' (j/k scroll)' : ''}`;
	if (!s) return `Cost meter: spend not counted (this app was started without a spend ledger). ${closes}`;
	return `What ecs-top has called and spent since ${clock(s.since)} UTC (${formatAge(s.at - s.since)}). ${closes}`;
}

function SpendMeter({spend, size, offset, now}: {spend: (() => SpendSnapshot) | undefined; size: BodySize; offset: number; now: () => number}) {
	useNow(now, renderedAt => renderedAt + spendRedrawMs - now());
	const snapshot = spend?.();
	const lines = snapshot ? spendLines(snapshot) : [];
	const room = Math.max(1, size.rows - 1);
	const top = Math.max(0, Math.min(offset, lines.length - room));
	return (
		<Box flexDirection="column" width={size.columns} height={size.rows}>
			<Text bold wrap="truncate-end">
				{title(snapshot, top + room < lines.length)}
			</Text>
			{lines.slice(top, top + room).map((line, i) => (
				<Text key={top + i} bold={line.bold} wrap="truncate-end">
					{line.text || ' '}
				</Text>
			))}
		</Box>
	);
}

/** `spend`: the ledger's snapshot, read at every frame; `now`: the app's clock (redraws). */
export function spendOverlay(spend: (() => SpendSnapshot) | undefined, now: () => number): Overlay {
	return {
		id: spendOverlayId,
		placement: 'modal',
		render: (size, state) => <SpendMeter spend={spend} size={size} offset={state.get(offsetKey) ?? 0} now={now} />,
		onKey: (event, ctx, state) => {
			const count = spend ? spendLines(spend()).length : 0;
			const scroll = (delta: number) => state.set(offsetKey, Math.max(0, Math.min((state.get(offsetKey) ?? 0) + delta, count - 1)));
			if (event.name === 'escape' || event.name === '$' || event.name === 'q') ctx.closeOverlay(spendOverlayId);
			else if (event.name === 'j' || event.name === 'down') scroll(1);
			else if (event.name === 'k' || event.name === 'up') scroll(-1);
			else if (event.name === 'pagedown' || event.name === 'space') scroll(10);
			else if (event.name === 'pageup') scroll(-10);
		},
	};
}

/** `$` on every pane. */
export const spendExtension: Extension = {
	id: 'spend',
	keys: [{id: 'spend', run: ctx => ctx.openOverlay(spendOverlay(ctx.spend, ctx.now))}],
};
