// What every resource's columns and row tones are built from: the column helper (values pass
// through clean(): API strings never move the cursor) and the one status table of domain.ts as
// cell colours and row tones.
import type {CellColor, CellContext, Column} from '../components/table-layout.js';
import type {Tone} from '../components/table.js';
import {statusClass} from '../domain.js';
import {clean} from '../text.js';

export function col<Row>(id: string, header: string, width: number, value: (row: Row, ctx: CellContext) => unknown, more: Partial<Column<Row>> = {}): Column<Row> {
	return {id, header, width, ...more, value: (row, ctx = {}) => clean(value(row, ctx))};
}

export const right = {align: 'right'} as const;

/** An ISO time as a sort value that puts the youngest first (undefined sorts last). */
export function youngestFirst(iso: string | undefined): number | undefined {
	const ms = Date.parse(iso ?? '');
	return Number.isFinite(ms) ? -ms : undefined;
}

/**
 * A dotted IPv4 address as one number, so addresses sort as their four numbers do (10.0.9.5 before
 * 10.0.12.5), natively; anything else (empty, IPv6) sorts last.
 */
export function ipv4Order(address: string): number | undefined {
	// Read character by character, not with a RegExp: a sort reads 10,000 of them, and the match
	// arrays cost more than the sort (issue 25).
	let value = 0;
	let part = 0;
	let digits = 0;
	let dots = 0;
	for (let i = 0; i < address.length; i++) {
		const code = address.charCodeAt(i);
		if (code >= 0x30 && code <= 0x39) {
			if (++digits > 3) return undefined;
			part = part * 10 + (code - 0x30);
		} else if (code === 0x2e && digits > 0 && dots < 3 && part <= 255) {
			value = value * 256 + part;
			part = 0;
			digits = 0;
			dots++;
		} else return undefined;
	}
	return dots === 3 && digits > 0 && part <= 255 ? value * 256 + part : undefined;
}

/** The frame's clock, for ages. */
export const nowOf = (ctx: CellContext) => ctx.now ?? Date.now();

const cellColors = {failed: 'red', between: 'yellow', gone: 'dim'} as const;

/** A status cell's colour: red failed, yellow in between, dim gone. */
export function statusColor(status: string | undefined): CellColor | undefined {
	const found = statusClass(status);
	return found ? cellColors[found] : undefined;
}

const tones = {failed: 'error', between: 'warning', gone: 'stopped'} as const;

/** A row's tone from its status alone. */
export function toneOf(status: string | undefined): Tone {
	const found = statusClass(status);
	return found ? tones[found] : undefined;
}

/** Health cells: red when unhealthy, green when healthy. */
export function healthColor(health: string | undefined): CellColor | undefined {
	return health === 'UNHEALTHY' ? 'red' : health === 'HEALTHY' ? 'green' : undefined;
}
