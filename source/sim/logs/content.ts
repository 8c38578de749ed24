// What the simulated containers write: access-log lines for the front ends, JSON application lines
// with a level for the services and workers, Fluent Bit's own chatter for a FireLens log router, a
// start-up banner, and on the way out a clean shutdown, an error with a stack trace (a crash) or
// the V8 heap message (exit 137, out of memory). Every choice comes from the Draws it is given.
import type {SimContainerDefinition} from '../model.js';
import {Draws} from './hash.js';

export type ContentKind = 'access' | 'service' | 'worker' | 'router';

export interface LineContext {
	family: string;
	container: string;
	image: string;
	port?: number;
	kind: ContentKind;
}

export function contentKind(family: string, def: SimContainerDefinition): ContentKind {
	if (def.name === 'log_router' || def.image.includes('fluent-bit')) return 'router';
	const port = def.portMappings[0]?.containerPort;
	if (port === undefined) return 'worker';
	return ['web', 'frontend'].includes(family) || port === 80 || port === 3000 ? 'access' : 'service';
}

const paths = ['/health', '/', '/api/cart', '/api/products', '/api/products/42', '/login', '/static/app.js', '/api/orders', '/api/search?q=shoes'];
const agents = ['ELB-HealthChecker/2.0', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5)', 'curl/8.5.0', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)'];
const info = ['request completed', 'order placed', 'cache refreshed', 'session created', 'batch processed', 'message consumed', 'metrics flushed'];
const warn = ['slow query', 'retrying upstream call', 'cache miss rate high', 'connection pool near capacity'];
const errors = ['upstream timeout', 'payment declined by provider', 'failed to process message', 'database deadlock detected'];

function iso(ts: number): string {
	return new Date(ts).toISOString();
}

function jsonLine(d: Draws, ts: number, ctx: LineContext): string {
	const roll = d.int(100);
	const level = roll < 85 ? 'info' : roll < 95 ? 'warn' : 'error';
	const msg = d.pick(level === 'info' ? info : level === 'warn' ? warn : errors);
	const latency = level === 'warn' ? 200 + d.int(1800) : 2 + d.int(level === 'error' ? 5000 : 180);
	const fields: Record<string, unknown> = {time: iso(ts), level, msg, service: ctx.family, requestId: `${d.hex(8)}-${d.hex(4)}`, latency};
	if (ctx.kind === 'worker') fields.records = 1 + d.int(500);
	return JSON.stringify(fields);
}

function accessLine(d: Draws): string {
	const path = d.pick(paths);
	const roll = d.int(100);
	const status = path === '/health' ? 200 : roll < 90 ? 200 : roll < 94 ? 304 : roll < 98 ? 404 : 500;
	const ms = path === '/health' ? 1 + d.int(5) : 3 + d.int(status === 500 ? 3000 : 250);
	return `10.0.${d.int(192)}.${1 + d.int(254)} ${path === '/login' ? 'POST' : 'GET'} ${path} ${status} ${ms}ms "${path === '/health' ? agents[0] : d.pick(agents)}"`;
}

function routerLine(d: Draws, ts: number): string {
	const stamp = iso(ts).replace('T', ' ').replace(/\.\d+Z$/, '').replaceAll('-', '/');
	return `[${stamp}] [ info] [output:cloudwatch_logs:cloudwatch_logs.0] Sent ${1 + d.int(40)} events to CloudWatch`;
}

/** The line a running container writes in one of its time slots. */
export function slotLine(seed: number, ts: number, ctx: LineContext): string {
	const d = new Draws(seed);
	switch (ctx.kind) {
		case 'router':
			return routerLine(d, ts);
		case 'access':
			return d.int(100) < 70 ? accessLine(d) : jsonLine(d, ts, ctx);
		case 'service':
			return d.int(100) < 35 ? accessLine(d) : jsonLine(d, ts, ctx);
		default:
			return jsonLine(d, ts, ctx);
	}
}

export function bannerLines(ts: number, ctx: LineContext): string[] {
	if (ctx.kind === 'router') return ['Fluent Bit v1.9.10', '* Copyright (C) 2015-2022 The Fluent Bit Authors', `[${iso(ts).slice(0, 19).replace('T', ' ').replaceAll('-', '/')}] [ info] [engine] started (pid=1)`];
	const version = ctx.image.slice(ctx.image.lastIndexOf(':') + 1) || 'latest';
	const lines = [JSON.stringify({time: iso(ts), level: 'info', msg: `starting ${ctx.family}`, version, node: 'v24.11.0'})];
	if (ctx.port !== undefined) lines.push(JSON.stringify({time: iso(ts), level: 'info', msg: 'listening', port: ctx.port}));
	return lines;
}

/** The last lines before the container exits: clean, crashed (with a stack trace) or killed for memory. */
export function stopLines(seed: number, ts: number, ctx: LineContext, exitCode: number | undefined): string[] {
	const d = new Draws(seed);
	if (ctx.kind === 'router') return [`[${iso(ts).slice(0, 19).replace('T', ' ').replaceAll('-', '/')}] [ warn] [engine] service will shutdown in max 5 seconds`];
	if (exitCode === 137) {
		return [
			JSON.stringify({time: iso(ts), level: 'warn', msg: 'heap usage high', heapUsedMb: 480 + d.int(30)}),
			'<--- Last few GCs --->',
			`[1:0x6a4c3e0]   ${40_000 + d.int(9000)} ms: Mark-Compact 503.1 (519.6) -> 501.9 (520.1) MB, 812.44 / 0.00 ms  (average mu = 0.117) allocation failure; scavenge might not succeed`,
			'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
		];
	}
	if (exitCode !== undefined && exitCode !== 0) {
		const host = `10.0.${d.int(192)}.${1 + d.int(254)}:5432`;
		return [
			JSON.stringify({time: iso(ts), level: 'error', msg: `unhandled error: connect ECONNREFUSED ${host}`, service: ctx.family}),
			`Error: connect ECONNREFUSED ${host}`,
			'    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1637:16)',
			'    at Pool.connect (/app/node_modules/pg-pool/index.js:45:11)',
			`    at async main (/app/src/${ctx.container}.js:18:3)`,
			`${ctx.family} exited with code ${exitCode}`,
		];
	}
	return [JSON.stringify({time: iso(ts), level: 'info', msg: 'received SIGTERM, draining connections'}), JSON.stringify({time: iso(ts), level: 'info', msg: 'shutdown complete'})];
}
