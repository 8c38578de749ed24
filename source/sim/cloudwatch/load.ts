// Each task's load, a pure function of the seed, the task id and its definition's behaviour: a
// minute's CPU and memory use is computed when asked for, never stored. Most tasks are steady, some
// burst periodically, a few creep towards a memory ceiling (a slow leak that levels off); a
// definition may fix the load (tests) or leak memory until the container is killed (the demo's
// OOM service, whose timeline lifecycle.ts sets on the task). Usage is a fraction of the task's
// reservation; a minute is sampled at its end (or at the task's stop, when that comes first), so
// a leaking task's last minute shows the 100% it was killed at. A leak climbs for the first 40% of
// the task's life and then holds at 96–98% (the runtime collecting garbage hard, as a leaking JVM
// or Node process does) until the kill: minutes of warning that an on-call can see coming.
import {Draws, hashString, mix} from '../logs/hash.js';
import type {Behaviour} from '../model.js';

export interface LoadModel {
	kind: 'steady' | 'spiky' | 'creeping' | 'leak' | 'fixed';
	hash: number;
	/** Base CPU and memory use, fractions of the reservation. */
	cpu: number;
	memory: number;
	spike?: {everyMinutes: number; minutes: number; phase: number; cpu: number};
	creep?: {ceiling: number; tauMs: number};
	leak?: {from: number; oomAt: number};
}

/** What a leaking container uses when its leak starts; it climbs to the plateau, then is killed at 100%. */
export const LEAK_START = 0.4;
export const LEAK_PLATEAU = 0.96;
/** The part of a leaking task's life spent climbing; the rest is on the plateau. */
export const LEAK_CLIMB = 0.4;

const range = (d: Draws, min: number, max: number) => min + (d.int(10_000) / 10_000) * (max - min);

export function loadModel(seed: number, taskId: string, behaviour: Behaviour, leak?: {from: number; oomAt: number}): LoadModel {
	const hash = mix(hashString(taskId), seed);
	const d = new Draws(hash);
	if (behaviour.load) return {kind: 'fixed', hash, cpu: behaviour.load.cpu, memory: behaviour.load.memory};
	if (leak) return {kind: 'leak', hash, cpu: range(d, 0.15, 0.35), memory: LEAK_START, leak};
	const roll = d.int(100);
	if (roll < 55) return {kind: 'steady', hash, cpu: range(d, 0.08, 0.55), memory: range(d, 0.3, 0.65)};
	if (roll < 85) {
		const everyMinutes = 6 + d.int(15);
		return {
			kind: 'spiky', hash, cpu: range(d, 0.05, 0.3), memory: range(d, 0.35, 0.6),
			spike: {everyMinutes, minutes: 1 + d.int(3), phase: d.int(everyMinutes), cpu: range(d, 0.75, 0.97)},
		};
	}
	return {kind: 'creeping', hash, cpu: range(d, 0.1, 0.4), memory: range(d, 0.3, 0.45), creep: {ceiling: range(d, 0.8, 0.92), tauMs: range(d, 1, 6) * 3_600_000}};
}

/** A number in [-1, 1) from a hash and a minute. */
const noise = (hash: number, minute: number) => (mix(hash, minute) / 2_147_483_648) - 1;
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** The instant a minute [m, m+60 s) is sampled at for a task running over [start, end). */
export function sampleTime(minuteStart: number, start: number, end: number): number {
	return clamp(minuteStart + 60_000, start, end);
}

/** CPU and memory use in the minute starting at `minuteStart`, as fractions of the reservation. */
export function usage(model: LoadModel, start: number, end: number, minuteStart: number): {cpu: number; memory: number} {
	if (model.kind === 'fixed') return {cpu: model.cpu, memory: model.memory};
	const minute = Math.floor(minuteStart / 60_000);
	const t = sampleTime(minuteStart, start, end);
	let cpu = model.cpu * (1 + 0.2 * noise(model.hash, minute));
	const s = model.spike;
	if (s && (minute + s.phase) % s.everyMinutes < s.minutes) cpu = s.cpu * (1 + 0.04 * noise(model.hash, minute));
	let memory = model.memory * (1 + 0.03 * noise(model.hash ^ 0x5B_D1_E9_95, minute));
	if (model.creep) memory = model.creep.ceiling - ((model.creep.ceiling - memory) * Math.exp(-(t - start) / model.creep.tauMs));
	if (model.leak) {
		const {from, oomAt} = model.leak;
		const climbed = clamp((t - from) / ((oomAt - from) * LEAK_CLIMB), 0, 1);
		memory = t >= oomAt ? 1 : LEAK_START + ((LEAK_PLATEAU - LEAK_START) * climbed) + (climbed === 1 ? 0.02 * Math.abs(noise(model.hash, minute)) : 0);
	}
	return {cpu: clamp(cpu, 0.005, 1), memory: clamp(memory, 0.02, 1)};
}
