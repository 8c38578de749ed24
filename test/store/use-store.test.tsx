import {Text} from 'ink';
import {cleanup, render} from 'ink-testing-library';
import {afterEach, expect, it, vi} from 'vitest';
import {EntityStore} from '../../source/store/entity-store.js';
import type {Snapshot} from '../../source/store/types.js';
import {useStore} from '../../source/store/use-store.js';

afterEach(() => cleanup());

const servicesOf = (s: Snapshot) => s.services;

it('re-renders when the selected slice changes, not on other commits', async () => {
	const store = new EntityStore();
	let renders = 0;
	function Count() {
		renders++;
		const services = useStore(store, servicesOf);
		return <Text>services: {services.size}</Text>;
	}
	const app = render(<Count />);
	expect(app.lastFrame()).toBe('services: 0');
	const before = renders;
	store.setScope('clusters', {loading: true});
	store.commit();
	await new Promise(resolve => setImmediate(resolve));
	expect(renders).toBe(before);
	store.put('services', [{serviceArn: 'a', serviceName: 'a'} as never], (s: {serviceArn: string}) => s.serviceArn);
	store.commit();
	await vi.waitFor(() => expect(app.lastFrame()).toBe('services: 1'));
});
