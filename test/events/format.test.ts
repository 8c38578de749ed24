import {describe, expect, it} from 'vitest';
import {eventTone, formatEventJson, formatEventLine, parseSince} from '../../source/store/events/format.js';
import type {FeedEvent} from '../../source/store/events/feed.js';

const event: FeedEvent = {
	id: 'e1',
	createdAt: '2026-11-22T02:00:01.123Z',
	time: Date.parse('2026-11-22T02:00:01.123Z'),
	cluster: 'prod',
	service: 'web',
	message: '(service web) has reached a steady state.',
	seq: 0,
};

describe('event formatting', () => {
	it('prints the text line of the interface note', () => {
		expect(formatEventLine(event)).toBe('2026-11-22T02:00:01.123Z  web  (service web) has reached a steady state.');
	});

	it('colours only when asked', () => {
		expect(formatEventLine(event, {color: true})).toBe('2026-11-22T02:00:01.123Z  web  \u001B[32m(service web) has reached a steady state.\u001B[39m');
		const bad = {...event, message: '(service web) was unable to place a task.'};
		expect(formatEventLine(bad, {color: true})).toContain('\u001B[31m');
		expect(formatEventLine({...event, message: '(service web) has started 1 tasks.'}, {color: true})).not.toContain('\u001B');
	});

	it('prints one JSON object with exactly the contract fields', () => {
		expect(JSON.parse(formatEventJson(event))).toEqual({
			id: 'e1',
			createdAt: '2026-11-22T02:00:01.123Z',
			cluster: 'prod',
			service: 'web',
			message: '(service web) has reached a steady state.',
		});
	});

	it('classifies tones', () => {
		expect(eventTone('(service a) (task 1) failed container health checks.')).toBe('bad');
		expect(eventTone('(service a) has started 2 tasks: (task x).')).toBeUndefined();
		expect(eventTone('(service a) registered 1 targets in (target-group arn)')).toBeUndefined();
		expect(eventTone('(service a) (deployment x) deployment failed: tasks failed to start.')).toBe('bad');
		expect(eventTone('(service a) has tasks that are unhealthy in (target-group x)')).toBe('bad');
		expect(eventTone('(service a) The deployment circuit breaker was triggered.')).toBe('bad');
		expect(eventTone('(service a) has reached a steady state.')).toBe('good');
	});

	it('parses --since durations and times', () => {
		const now = Date.parse('2026-11-22T02:00:00.000Z');
		expect(parseSince('30s', now)).toBe(now - 30_000);
		expect(parseSince('10m', now)).toBe(now - 600_000);
		expect(parseSince('2h', now)).toBe(now - 7_200_000);
		expect(parseSince('1d', now)).toBe(now - 86_400_000);
		expect(parseSince('1h30m', now)).toBe(now - 5_400_000);
		expect(parseSince('2026-11-21T00:00:00Z', now)).toBe(Date.parse('2026-11-21T00:00:00Z'));
		for (const bad of ['', '10', 'm', '10x', '-5m', 'yesterday', '2026-13-45']) expect(parseSince(bad, now)).toBeUndefined();
	});
});
