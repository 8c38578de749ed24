// Splits each throttle category's polling budget between the scopes on screen. The focused scope's
// visible rows come first at --refresh; its background sweep (the reconcile of off-screen rows)
// aims at a full pass every `passMs` while its cluster is changing; unfocused scopes run 5× slower.
// When the sum does not fit, the focused interval stretches (up to 1.75× --refresh), then the sweep
// slows down. Pure arithmetic, so it is unit-tested on its own.
import type {Category} from '../../aws/limiter.js';

export interface Demand {
	key: string;
	category: Category;
	focused: boolean;
	/** Calls per refresh cycle (describing the visible rows, or the whole of a small scope). */
	cycleCalls: number;
	/** Calls per full background pass (0 for small scopes). */
	passCalls: number;
	/** The scope's cluster changed lately: the sweep aims at `passMs`, else at `slowPassMs`. */
	active: boolean;
}

export interface BudgetOptions {
	refreshMs: number;
	unfocusedFactor: number;
	/** The longest pass while the cluster changes, and while it is quiet. */
	passMs: number;
	slowPassMs: number;
	/** The shortest pass (a small scope with budget to spare): default 10 s. */
	minPassMs?: number;
	/** Polling calls per second a category may use. */
	budget: (category: Category) => number;
}

export interface Plan {
	intervalMs: number;
	/** Delay between two sweep calls (Infinity: no sweep). */
	sweepGapMs: number;
}

/** The focused scope stretches at most this much, so a change on screen shows within two refreshes (with room for the call itself). */
const maxStretch = 1.75;

export function planBudget(demands: readonly Demand[], o: BudgetOptions): Map<string, Plan> {
	const plans = new Map<string, Plan>();
	const byCategory = new Map<Category, Demand[]>();
	for (const d of demands) byCategory.set(d.category, [...(byCategory.get(d.category) ?? []), d]);
	for (const [category, list] of byCategory) {
		const budget = o.budget(category);
		const unfocused = list.filter(d => !d.focused);
		// A pass takes what half the budget (a tenth when quiet) allows, within [minPassMs, passMs or slowPassMs].
		const clamp = (ms: number, low: number, high: number) => Math.min(high, Math.max(low, ms));
		const pass = (d: Demand) =>
			(d.active
				? clamp((d.passCalls * 1000) / (budget * 0.5), o.minPassMs ?? 10_000, o.passMs)
				: clamp((d.passCalls * 1000) / (budget * 0.1), Math.min(60_000, o.slowPassMs), o.slowPassMs)) * (d.focused ? 1 : o.unfocusedFactor);
		const rateOf = (d: Demand, interval: number) => (d.cycleCalls * 1000) / interval + (d.passCalls * 1000) / pass(d);
		let others = unfocused.reduce((sum, d) => sum + rateOf(d, o.refreshMs * o.unfocusedFactor), 0);
		// Background scopes may take at most half the budget: stretch them all alike when they want more.
		const stretch = others > budget / 2 ? others / (budget / 2) : 1;
		others /= stretch;
		for (const d of unfocused) {
			plans.set(d.key, {
				intervalMs: o.refreshMs * o.unfocusedFactor * stretch,
				sweepGapMs: d.passCalls > 0 ? (pass(d) * stretch) / d.passCalls : Infinity,
			});
		}
		for (const d of list.filter(d => d.focused)) {
			const available = Math.max(budget - others, budget * 0.1);
			let sweepRate = (d.passCalls * 1000) / pass(d);
			let interval = o.refreshMs;
			if ((d.cycleCalls * 1000) / interval + sweepRate > available) {
				const left = available - sweepRate;
				interval = left > 0 ? Math.min(maxStretch * o.refreshMs, (d.cycleCalls * 1000) / left) : maxStretch * o.refreshMs;
				interval = Math.max(interval, o.refreshMs);
				sweepRate = Math.max(available - (d.cycleCalls * 1000) / interval, available * 0.05);
			}
			plans.set(d.key, {intervalMs: interval, sweepGapMs: d.passCalls > 0 ? 1000 / sweepRate : Infinity});
		}
	}
	return plans;
}
