// How a service event is shown: the `events` text and JSON lines of the interface note, the
// red/green tone shared by the command and the TUI pane, and `--since` durations.
import type {ContextField} from '../../aws/contexts.js';
import {clean, jsonText} from '../../text.js';
import type {FeedEvent} from './feed.js';

export type EventTone = 'bad' | 'good' | undefined;

// What an on-call engineer scans for first: placement failures, failing health checks, failed
// tasks or deployments and the circuit breaker (red); a service settling (green).
const bad = /unable to|unhealthy|\bfail(?:ed|ing|ure|s)?\b|circuit breaker|rolled back|rolling back/i;
const good = /steady state/i;

export function eventTone(message: string): EventTone {
	if (bad.test(message)) return 'bad';
	if (good.test(message)) return 'good';
	return undefined;
}

const sgr = {bad: ['\u001B[31m', '\u001B[39m'], good: ['\u001B[32m', '\u001B[39m']} as const;

/** `2026-11-22T02:00:01.123Z  web  (service web) has reached a steady state.` */
export function formatEventLine(event: FeedEvent, options: {color?: boolean} = {}): string {
	// The feed hands out clean text already; clean() again is free on it and keeps this line safe
	// whoever calls it (the only escape codes in a line are the tone's own).
	const text = clean(event.message);
	const tone = options.color ? eventTone(text) : undefined;
	const message = tone ? `${sgr[tone][0]}${text}${sgr[tone][1]}` : text;
	return `${clean(event.createdAt)}  ${clean(event.service)}  ${message}`;
}

/**
 * One JSON object per line, with names rather than ARNs. Characters a terminal would act on are
 * \u escapes (jsonText), so the raw line is inert; the text is the feed's, as in the text lines.
 * Read across several contexts, each object carries its `context` (profile, region, account).
 */
export function formatEventJson(event: FeedEvent, context?: ContextField): string {
	return jsonText({
		id: event.id,
		createdAt: event.createdAt,
		cluster: event.cluster,
		service: event.service,
		message: event.message,
		...(context ? {context} : {}),
	});
}

/** Normalises an API date to the UTC ISO form with milliseconds (`…T02:00:01.123Z`). */
export function isoTime(value: string): {iso: string; time: number} | undefined {
	const time = Date.parse(value);
	if (!Number.isFinite(time)) return undefined;
	return {iso: new Date(time).toISOString(), time};
}

const unitMs: Record<string, number> = {ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000};

/**
 * `--since`: a duration such as `30s`, `10m`, `2h`, `1d`, `1w` or a combination (`1h30m`), or an
 * absolute ISO-8601 time. Returns the cut-off in epoch ms, or undefined when the value is invalid.
 */
export function parseSince(text: string, now: number): number | undefined {
	const value = text.trim();
	if (/^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+$/.test(value)) {
		let total = 0;
		for (const m of value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)) total += Number(m[1]) * unitMs[m[2]!]!;
		return now - total;
	}
	// An absolute time must at least name a day; bare numbers are refused as ambiguous.
	if (/^\d{4}-\d{2}-\d{2}/.test(value)) {
		const time = Date.parse(value);
		return Number.isFinite(time) ? time : undefined;
	}
	return undefined;
}
