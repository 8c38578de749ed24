// The TUI's root when contexts are in play: the app of the context shown, or the fleet's app over
// the merged store. Each context's app is mounted again with its kept controller, so switching back
// finds the same views, cursors and filters (source/app/contexts/hub.ts keeps them).
import {Text} from 'ink';
import {useSyncExternalStore} from 'react';
import {App, type AppProps} from '../../app.js';
import {fleetView} from '../../resources/fleet.js';
import {servicesView} from '../../resources/services.js';
import type {ContextsHub} from './hub.js';

export interface ContextsRootProps {
	hub: ContextsHub;
	/** What every app shares (size, colour, theme, aliases, columns, read-only…). */
	base: Omit<AppProps, 'store' | 'poller'>;
}

export function ContextsRoot({hub, base}: ContextsRootProps) {
	const {shown} = useSyncExternalStore(hub.subscribe, hub.getSnapshot);
	if (shown.mode === 'fleet') {
		// No actions, logs or exec in the fleet pane itself: Enter opens a cluster in its own context.
		return (
			<App
				key="fleet"
				{...base}
				api={undefined}
				sessions={undefined}
				logsFeed={undefined}
				metricsHistory={undefined}
				store={hub.fleetStore}
				poller={hub.fleetPoller}
				contexts={hub}
				keep={hub.fleetKeep}
				env={{contexts: hub.fleetLabel()}}
				initial={[fleetView('fleet')]}
			/>
		);
	}
	const entry = hub.entry(shown.key);
	if (!entry?.opened) return <Text>opening {entry?.label ?? shown.key}…</Text>;
	const cluster = hub.startCluster(shown.key);
	const props = entry.opened.props as Pick<AppProps, 'store' | 'poller'> & Partial<AppProps>;
	return <App key={shown.key} {...base} {...props} contexts={hub} keep={entry.keep} {...(cluster ? {initial: [servicesView(cluster)]} : {})} />;
}
