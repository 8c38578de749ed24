import {describe, expect, it} from 'vitest';
import type {Service, ServiceEvent} from '../../source/domain.js';
import {EventTimeline, eventsWindow, scrollTo} from '../../source/store/events/timeline.js';

const base = Date.parse('2026-11-22T02:00:00.000Z');
const ev = (id: string, seconds: number): ServiceEvent => ({id, createdAt: new Date(base + seconds * 1000).toISOString(), message: `m ${id}`});
const svc = (name: string, events: ServiceEvent[]) => ({serviceArn: `arn:svc/${name}`, serviceName: name, events}) as unknown as Service;

describe('EventTimeline', () => {
	it('merges services oldest first, dedups by service and id, keeps events sharing a timestamp', () => {
		const t = new EventTimeline();
		t.update([svc('web', [ev('w2', 5), ev('w1', 5), ev('w0', 1)]), svc('api', [ev('a0', 3)])], 'prod');
		expect(t.events.map(e => e.id)).toEqual(['w0', 'a0', 'w1', 'w2']);
		const rows = t.update([svc('web', [ev('w3', 9), ev('w2', 5), ev('w1', 5), ev('w0', 1)]), svc('api', [ev('a0', 3)])], 'prod');
		expect(rows.map(e => e.id)).toEqual(['w0', 'a0', 'w1', 'w2', 'w3']);
		expect(rows[0]).toMatchObject({cluster: 'prod', service: 'web', createdAt: '2026-11-22T02:00:01.000Z'});
	});

	it('does no work for a service object it has already merged', () => {
		const t = new EventTimeline();
		const web = svc('web', [ev('w0', 1)]);
		const first = t.update([web], 'c');
		expect(t.update([web], 'c')).toBe(first);
	});

	it('keeps events that left ECS window, up to its limit, and drops the oldest beyond it', () => {
		const t = new EventTimeline(5);
		t.update([svc('web', [ev('a', 1), ev('b', 2), ev('c', 3)].reverse())], 'c');
		t.update([svc('web', [ev('d', 4), ev('e', 5), ev('f', 6)].reverse())], 'c');
		expect(t.events.map(e => e.id)).toEqual(['b', 'c', 'd', 'e', 'f']);
		// An event older than everything kept cannot come back in.
		t.update([svc('api', [ev('old', 0)])], 'c');
		expect(t.events.map(e => e.id)).toEqual(['b', 'c', 'd', 'e', 'f']);
	});

	it('inserts a late event of another service in time order', () => {
		const t = new EventTimeline();
		t.update([svc('web', [ev('w5', 5)])], 'c');
		t.update([svc('api', [ev('a3', 3)])], 'c');
		expect(t.events.map(e => e.id)).toEqual(['a3', 'w5']);
	});
});

describe('events window', () => {
	const t = new EventTimeline();
	t.update([svc('web', Array.from({length: 30}, (_, i) => ev(`e${i}`, i)).reverse())], 'c');
	const rows = t.events;

	it('follows the bottom, scrolls up, counts new events, and resumes at the bottom', () => {
		expect(eventsWindow(rows, 10, {follow: true})).toEqual({top: 20, follow: true, fresh: 0});
		const up = scrollTo(rows, 10, {follow: true}, 19, t.lastSeq);
		expect(up).toMatchObject({follow: false, topIndex: 19});
		t.update([svc('web', [ev('n1', 40), ev('n0', 40)])], 'c');
		const after = eventsWindow(t.events, 10, up);
		expect(after).toEqual({top: 19, follow: false, fresh: 2});
		expect(scrollTo(t.events, 10, up, 22, t.lastSeq)).toEqual({follow: true});
	});

	it('keeps the top line in place by key when older lines are trimmed', () => {
		const state = scrollTo(rows, 10, {follow: true}, 5, t.lastSeq);
		expect(eventsWindow(rows.slice(3), 10, state).top).toBe(2);
	});
});
