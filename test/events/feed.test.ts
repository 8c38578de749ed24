import {describe, expect, it} from 'vitest';
import type {ServiceEvent} from '../../source/domain.js';
import {EventFeed, ecsEventWindow} from '../../source/store/events/feed.js';
import {compilePattern} from '../../source/pattern.js';

const base = Date.parse('2026-11-22T02:00:00.000Z');
const at = (seconds: number) => new Date(base + seconds * 1000).toISOString();
const ev = (id: string, seconds: number, message = `message ${id}`): ServiceEvent => ({id, createdAt: at(seconds), message});
/** ECS lists newest first. */
const newestFirst = (events: ServiceEvent[]) => [...events].reverse();
const ids = (events: Array<{id: string}>) => events.map(e => e.id);

function cycle(feed: EventFeed, calls: Array<Array<[string, ServiceEvent[]]>>) {
	feed.beginCycle();
	calls.forEach((call, i) => {
		for (const [name, events] of call) feed.ingest(`arn:${name}`, name, events, {leader: i === 0});
	});
	return feed.endCycle();
}

describe('EventFeed', () => {
	it('shows the last 10 events per service at start, oldest first, merged across services', () => {
		const feed = new EventFeed({cluster: 'prod'});
		const web = Array.from({length: 15}, (_, i) => ev(`w${i}`, i * 2));
		const api = Array.from({length: 3}, (_, i) => ev(`a${i}`, i * 2 + 1));
		const out = cycle(feed, [[['web', newestFirst(web)], ['api', newestFirst(api)]]]);
		expect(ids(out)).toEqual(['a0', 'a1', 'a2', 'w5', 'w6', 'w7', 'w8', 'w9', 'w10', 'w11', 'w12', 'w13', 'w14']);
		expect(out[0]).toMatchObject({cluster: 'prod', service: 'api', createdAt: '2026-11-22T02:00:01.000Z', message: 'message a0'});
	});

	it('with since, shows the events at or after the cut-off instead', () => {
		const feed = new EventFeed({cluster: 'c', since: base + 20_000});
		const web = Array.from({length: 15}, (_, i) => ev(`w${i}`, i * 2));
		expect(ids(cycle(feed, [[['web', newestFirst(web)]]]))).toEqual(['w10', 'w11', 'w12', 'w13', 'w14']);
	});

	it('dedups by id, not by timestamp: events sharing a createdAt all appear once, in arrival order', () => {
		const feed = new EventFeed({cluster: 'c'});
		expect(ids(cycle(feed, [[['web', newestFirst([ev('a', 0), ev('b', 5), ev('c', 5)])]]]))).toEqual(['a', 'b', 'c']);
		// Two more events at the very same millisecond as b and c, plus the old ones again.
		const next = newestFirst([ev('a', 0), ev('b', 5), ev('c', 5), ev('d', 5), ev('e', 5)]);
		expect(ids(cycle(feed, [[['web', next]]]))).toEqual(['d', 'e']);
		expect(ids(cycle(feed, [[['web', next]]]))).toEqual([]);
	});

	it('warns when a full window shares no id with the last poll', () => {
		const feed = new EventFeed({cluster: 'c'});
		feed.beginCycle();
		expect(feed.ingest('s', 'web', [ev('old', 0)], {leader: true}).missed).toBe(false);
		feed.endCycle();
		const flood = newestFirst(Array.from({length: ecsEventWindow}, (_, i) => ev(`n${i}`, 10 + i)));
		feed.beginCycle();
		const result = feed.ingest('s', 'web', flood, {leader: true});
		expect(result).toMatchObject({missed: true, added: ecsEventWindow});
		expect(feed.endCycle()).toHaveLength(ecsEventWindow);
	});

	it('does not warn when the window still holds a seen id, or is not full', () => {
		const feed = new EventFeed({cluster: 'c'});
		cycle(feed, [[['web', [ev('old', 0)]]]]);
		const window = [ev('old', 0), ...Array.from({length: ecsEventWindow - 1}, (_, i) => ev(`n${i}`, 10 + i))];
		feed.beginCycle();
		expect(feed.ingest('arn:web', 'web', newestFirst(window)).missed).toBe(false);
		feed.endCycle();
		const other = new EventFeed({cluster: 'c'});
		cycle(other, [[['web', [ev('x', 0)]]]]);
		other.beginCycle();
		expect(other.ingest('arn:web', 'web', [ev('y', 1), ev('z', 2)]).missed).toBe(false);
	});

	it('holds back events that a later call of the same cycle could still undercut', () => {
		const feed = new EventFeed({cluster: 'c'});
		// At start, service b (second call) has an event newer than all of the first call's: it waits.
		expect(ids(cycle(feed, [[['a', [ev('a0', 0)]]], [['b', [ev('b0', 1)]]]]))).toEqual(['a0']);
		feed.beginCycle();
		// First call of the cycle (service a) returns an event at 10 s; a later call (service b)
		// returns one at 30 s. An event of a at 20 s may exist but only shows up next cycle.
		feed.ingest('arn:a', 'a', [ev('a1', 10), ev('a0', 0)], {leader: true});
		feed.ingest('arn:b', 'b', [ev('b1', 30), ev('b0', 1)]);
		expect(ids(feed.endCycle())).toEqual(['b0', 'a1']);
		const next = cycle(feed, [[['a', [ev('a2', 20), ev('a1', 10), ev('a0', 0)]]], [['b', [ev('b1', 30), ev('b0', 1)]]]]);
		expect(ids(next)).toEqual(['a2', 'b1']);
	});

	it('releases everything older than the cycle took (plus a second) before the newest known event', () => {
		const feed = new EventFeed({cluster: 'c'});
		feed.beginCycle();
		feed.ingest('arn:a', 'a', [ev('a0', 0)], {leader: true});
		feed.ingest('arn:b', 'b', newestFirst([ev('b0', 100), ev('b1', 200)]));
		feed.ingest('arn:c', 'c', newestFirst([ev('c0', 297), ev('c1', 298.6), ev('c2', 300)]));
		// The cycle took 500 ms: ECS's clock read at least 300 s - 0.5 s - 1 s slack at its start.
		expect(ids(feed.endCycle(500))).toEqual(['a0', 'b0', 'b1', 'c0']);
		expect(ids(feed.drain())).toEqual(['c1', 'c2']);
	});

	it('never hands out an event older than one already handed out', () => {
		const feed = new EventFeed({cluster: 'c'});
		cycle(feed, [[['web', [ev('w1', 10)]]]]);
		feed.beginCycle();
		const result = feed.ingest('arn:web', 'web', [ev('w1', 10), ev('w0', 5)], {leader: true});
		expect(result).toMatchObject({added: 0, late: 1});
		expect(feed.endCycle()).toEqual([]);
	});

	it('a service found while following shows its new events, not its history', () => {
		const feed = new EventFeed({cluster: 'c'});
		cycle(feed, [[['web', [ev('w1', 10)]]]]);
		const out = cycle(feed, [[['web', [ev('w1', 10)]], ['new', newestFirst([ev('n0', 2), ev('n1', 10), ev('n2', 11)])]]]);
		expect(ids(out)).toEqual(['n1', 'n2']);
	});

	it('filters with grep but still remembers filtered ids', () => {
		const feed = new EventFeed({cluster: 'c', grep: compilePattern('unable')});
		const first = [ev('a', 0, 'has started 1 tasks'), ev('b', 1, 'was unable to place a task')];
		expect(ids(cycle(feed, [[['web', newestFirst(first)]]]))).toEqual(['b']);
		const second = [...first, ev('c', 2, 'steady state')];
		expect(cycle(feed, [[['web', newestFirst(second)]]])).toEqual([]);
	});

	it('cleans control characters from every string', () => {
		const feed = new EventFeed({cluster: 'c'});
		const out = cycle(feed, [[['w\u001B[2Jeb', [{id: 'i\u0007d', createdAt: at(0), message: 'bad\u001B]0;title\u0007 news\nline'}]]]]);
		expect(out[0]).toMatchObject({service: 'web', id: 'id', message: 'bad news line'});
	});

	it('keeps a bounded memory of ids per service', () => {
		const feed = new EventFeed({cluster: 'c', seenLimit: 150});
		for (let round = 0; round < 5; round++) {
			const window = Array.from({length: ecsEventWindow}, (_, i) => ev(`r${round}-${i}`, round * 1000 + i));
			cycle(feed, [[['web', newestFirst(window)]]]);
		}
		const seen = (feed as unknown as {seenByService: Map<string, Set<string>>}).seenByService.get('arn:web')!;
		expect(seen.size).toBe(150);
		expect(seen.has('r4-99')).toBe(true);
		expect(seen.has('r0-0')).toBe(false);
	});

	it('drain hands out everything still waiting, in order', () => {
		const feed = new EventFeed({cluster: 'c'});
		feed.beginCycle();
		feed.ingest('arn:a', 'a', [ev('a0', 5)], {leader: true});
		feed.ingest('arn:b', 'b', [ev('b0', 9), ev('b1', 1)]);
		expect(ids(feed.endCycle())).toEqual(['b1', 'a0']);
		expect(ids(feed.drain())).toEqual(['b0']);
	});
});
