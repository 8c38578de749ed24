// One status table: a row's tone and a status cell's colour read a status the same way (they
// disagreed on INACTIVE, red vs dim, and UNKNOWN, yellow vs none).
import {describe, expect, it} from 'vitest';
import type {Cluster} from '../../source/domain.js';
import {clusterColumns, clusterTone} from '../../source/resources/clusters.js';

const statuses = ['ACTIVE', 'PROVISIONING', 'DEPROVISIONING', 'FAILED', 'INACTIVE', 'UNKNOWN', 'DRAINING', 'STOPPED', 'SOMETHING_NEW'];
const toneToColor = {error: 'red', warning: 'yellow', stopped: 'dim'} as const;

describe('status colours', () => {
	it('the status cell and the row tone agree for every status', () => {
		const column = clusterColumns.find(c => c.id === 'status')!;
		for (const status of statuses) {
			const cluster = {clusterName: 'c', status} as Cluster;
			const tone = clusterTone(cluster);
			expect(column.color?.(cluster), status).toBe(tone ? toneToColor[tone as keyof typeof toneToColor] : undefined);
		}
	});

	it('INACTIVE is gone (dim), UNKNOWN and new states are uncoloured', () => {
		expect(clusterTone({status: 'INACTIVE'} as Cluster)).toBe('stopped');
		expect(clusterTone({status: 'UNKNOWN'} as Cluster)).toBeUndefined();
		expect(clusterTone({status: 'SOMETHING_NEW'} as Cluster)).toBeUndefined();
	});
});
