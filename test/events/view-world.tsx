// A cluster with two services and their events in a fake store, and the events pane opened on it.
import type {Service, ServiceEvent} from '../../source/domain.js';
import {eventsExtension} from '../../source/views/events-view.js';
import {fakeData, makeCluster, makeService} from '../tui/fake-data.js';
import {renderApp, tick} from '../tui/render-app.js';

const base = Date.parse('2026-11-22T02:00:00.000Z');
let next = 0;
export function events(service: string, count: number, fromSecond: number, message?: (i: number) => string): ServiceEvent[] {
	return Array.from({length: count}, (_, i) => ({
		id: `${service}-${next++}`,
		createdAt: new Date(base + (fromSecond + i) * 1000).toISOString(),
		message: message?.(i) ?? `(service ${service}) event ${fromSecond + i}`,
	})).reverse();
}

export function world() {
	const data = fakeData();
	data.setScope({kind: 'clusters'}, [makeCluster('prod')]);
	let services: Service[] = [
		makeService('prod', 'web', {events: events('web', 20, 0)}),
		makeService('prod', 'api', {events: events('api', 20, 100)}),
	];
	data.setScope({kind: 'services', cluster: 'prod'}, services);
	const publish = () => data.setScope({kind: 'events', cluster: 'prod'}, services);
	publish();
	return {
		data,
		addEvents(name: string, list: ServiceEvent[]) {
			services = services.map(s => (s.serviceName === name ? {...s, events: [...list, ...s.events].slice(0, 100)} : s));
			publish();
		},
	};
}

export async function openFeed(color = false, rows = 16) {
	const w = world();
	const app = renderApp({store: w.data.store, poller: w.data.poller, rows, columns: 100, extensions: [eventsExtension], color});
	await tick();
	await app.waitForText('prod');
	await app.press('e');
	await app.waitForText('EVENTS');
	return {...w, app};
}
