// Where a key's time goes: the production bundle in tmux (as bench-tui runs it) with the inspector
// on, against `ecs-top sim --scale N --no-throttle`. Once every task is loaded it reads the heap
// (process.memoryUsage after a full collection), then CPU-profiles each phase (PgDn, typing a
// substring filter, a `/regex/` filter, the first `>` alone, `>` sorts, `:` jumps, `j`, 20 s idle) on its own and prints the top self-time
// functions of each (samples taken only while the keys are pressed). Saves the .cpuprofile files
// (open them in Chrome DevTools or speedscope), and the .heapprofile files with --alloc, in --out.
// Usage: node --import tsx scripts/profile-tui.ts [--scale=50] [--out=/tmp/ecs-top-profiles] [--phases=pgdn,filter] [--alloc]
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {cli, option, sleep, startSim, Tmux, until} from './bench-term.js';

const scale = option('scale', 50);
const out = process.argv.find(a => a.startsWith('--out='))?.slice(6) ?? '/tmp/ecs-top-profiles';
const phasesArg = process.argv.find(a => a.startsWith('--phases='))?.slice(9);
// `--alloc`: also sample where each phase allocates (garbage included): the GC a key pays is the
// garbage it and the frames it draws leave.
const alloc = process.argv.includes('--alloc');

interface ProfileNode {
	id: number;
	callFrame: {functionName: string; url: string; lineNumber: number; columnNumber: number};
	hitCount?: number;
	children?: number[];
}
interface Profile {
	nodes: ProfileNode[];
	startTime: number;
	endTime: number;
	samples: number[];
	timeDeltas: number[];
}

class Inspector {
	private next = 1;
	private readonly pending = new Map<number, (value: any) => void>();
	private constructor(private readonly socket: WebSocket) {
		socket.addEventListener('message', event => {
			const message = JSON.parse(String(event.data)) as {id?: number; result?: unknown; error?: {message: string}};
			if (message.id === undefined) return;
			const resolve = this.pending.get(message.id);
			this.pending.delete(message.id);
			resolve?.(message.error ? Promise.reject(new Error(message.error.message)) : message.result);
		});
	}

	static async connect(url: string): Promise<Inspector> {
		const socket = new WebSocket(url);
		await new Promise((resolve, reject) => {
			socket.addEventListener('open', resolve);
			socket.addEventListener('error', reject);
		});
		return new Inspector(socket);
	}

	send<T = any>(method: string, params: Record<string, unknown> = {}): Promise<T> {
		const id = this.next++;
		this.socket.send(JSON.stringify({id, method, params}));
		return new Promise(resolve => this.pending.set(id, resolve));
	}

	close(): void {
		this.socket.close();
	}
}

interface AllocationNode {
	callFrame: ProfileNode['callFrame'];
	selfSize: number;
	children: AllocationNode[];
}

/** Bytes allocated per function (name, file:line), from a sampling heap profile. */
function allocations(head: AllocationNode): Array<{name: string; where: string; mb: number}> {
	const bytes = new Map<string, {name: string; where: string; mb: number}>();
	const visit = (node: AllocationNode) => {
		const f = node.callFrame;
		const where = f.url ? `${path.basename(f.url)}:${f.lineNumber + 1}` : '';
		const key = `${f.functionName}@${where}`;
		const entry = bytes.get(key) ?? {name: f.functionName || '(anonymous)', where, mb: 0};
		entry.mb += node.selfSize / 2 ** 20;
		bytes.set(key, entry);
		node.children.forEach(visit);
	};
	visit(head);
	return [...bytes.values()].sort((a, b) => b.mb - a.mb);
}

/** Self time per function (name, file:line), from the samples. */
function selfTimes(profile: Profile): Array<{name: string; where: string; ms: number}> {
	const byId = new Map(profile.nodes.map(n => [n.id, n]));
	const ms = new Map<string, {name: string; where: string; ms: number}>();
	profile.samples.forEach((id, i) => {
		const node = byId.get(id)!;
		const f = node.callFrame;
		const where = f.url ? `${path.basename(f.url)}:${f.lineNumber + 1}` : '';
		const key = `${f.functionName}@${where}`;
		const entry = ms.get(key) ?? {name: f.functionName || '(anonymous)', where, ms: 0};
		entry.ms += (profile.timeDeltas[i] ?? 0) / 1000;
		ms.set(key, entry);
	});
	return [...ms.values()].sort((a, b) => b.ms - a.ms);
}

async function main(): Promise<void> {
	if (!existsSync(cli)) throw new Error('profile-tui: dist/cli.js is missing: run `node scripts/build.mjs` first');
	mkdirSync(out, {recursive: true});
	const sim = await startSim(['--scale', String(scale), '--no-throttle']);
	const session = new Tmux(sim.endpoint, ['--cluster', 'big'], [], {columns: 120, rows: 40}, ['--inspect=127.0.0.1:0']);
	try {
		const stderr = path.join(session.dir, 'stderr');
		const url = await until('the inspector', () => existsSync(stderr) && /ws:\/\/\S+/.exec(readFileSync(stderr, 'utf8'))?.[0], 30_000);
		const inspector = await Inspector.connect(url);
		await until('the services of big', () => /^SERVICES .*\d+\/([\d,]+) +updated/m.exec(session.screen())?.[1], 600_000);
		session.keys(':tasks', 'Enter');
		const tasks = await until('every task listed and described', () => /^TASKS .*\d+\/([\d,]+) +updated/m.exec(session.screen())?.[1], 900_000);
		await sleep(3000);
		process.stdout.write(`## Profiles at --scale ${scale} (${tasks} tasks)\n\n`);
		const evaluate = async (expression: string) => (await inspector.send('Runtime.evaluate', {expression, returnByValue: true})).result.value;
		await inspector.send('HeapProfiler.collectGarbage');
		const memory = await evaluate('JSON.stringify(process.memoryUsage())');
		process.stdout.write(`Heap at load (after a full GC): ${Object.entries(JSON.parse(memory) as Record<string, number>).map(([k, v]) => `${k} ${(v / 2 ** 20).toFixed(0)} MB`).join(', ')}\n\n`);

		const phases: Record<string, () => Promise<void>> = {
			// No key: what the loaded view costs on its own (refreshes, background describes, the clock).
			idle: async () => void (await sleep(20_000)),
			pgdn: async () => {
				for (let i = 0; i < 40; i++) {
					session.keys('NPage');
					await sleep(100);
				}
			},
			j: async () => {
				for (let i = 0; i < 40; i++) {
					session.keys('j');
					await sleep(100);
				}
			},
			filter: async () => {
				for (let round = 0; round < 4; round++) {
					session.keys('/');
					await sleep(100);
					for (const ch of ['s', 'v', 'c', '-', '0', '1', String(round)]) {
						session.keys('-l', ch);
						await sleep(100);
					}
					session.keys('Escape');
					await sleep(200);
				}
			},
			regex: async () => {
				for (let round = 0; round < 4; round++) {
					session.keys('/');
					await sleep(100);
					session.keys('-l', `/svc.0${round}`);
					await sleep(200);
					for (let i = 0; i < 5; i++) {
						session.keys('/');
						await sleep(120);
						session.keys('BSpace');
						await sleep(120);
					}
					session.keys('Escape');
					await sleep(200);
				}
			},
			// `:services` and back to `:tasks`, six times.
			jump: async () => {
				for (let round = 0; round < 6; round++) {
					for (const pane of [':services', ':tasks']) {
						session.keys('-l', pane);
						await sleep(150);
						session.keys('Enter');
						await sleep(250);
					}
				}
			},
			// One key alone, the command typed before it in a phase of its own (`--phases=type-services,enter`).
			'type-services': async () => void session.keys('-l', ':services'),
			'type-tasks': async () => void session.keys('-l', ':tasks'),
			// A view's first filter: `/` alone, then its first character alone (`--phases=slash,char`).
			slash: async () => {
				session.keys('/');
				await sleep(150);
			},
			char: async () => {
				session.keys('-l', 's');
				await sleep(300);
			},
			enter: async () => {
				session.keys('Enter');
				await sleep(150);
			},
			// The first `>` alone: code never run before, the column's keys read for the first time.
			sort1: async () => {
				session.keys('>');
				await sleep(1000);
			},
			sort: async () => {
				for (let i = 0; i < 12; i++) {
					session.keys('>');
					await sleep(200);
				}
				for (let i = 0; i < 12; i++) {
					session.keys('<');
					await sleep(100);
				}
			},
		};
		const wanted = phasesArg ? phasesArg.split(',') : Object.keys(phases);
		await inspector.send('Profiler.enable');
		await inspector.send('Profiler.setSamplingInterval', {interval: 100});
		// A phase named twice (`--phases=type-services,enter,type-tasks,enter`) keeps each profile: `enter-2-scale20…`.
		const seen = new Map<string, number>();
		for (const name of wanted) {
			const phase = phases[name];
			const times = (seen.get(name) ?? 0) + 1;
			seen.set(name, times);
			const file = times === 1 ? name : `${name}-${times}`;
			if (!phase) throw new Error(`profile-tui: no phase ${name} (${Object.keys(phases).join(', ')})`);
			if (alloc) await inspector.send('HeapProfiler.startSampling', {samplingInterval: 16_384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true});
			await inspector.send('Profiler.start');
			await phase();
			await sleep(300);
			const {profile} = await inspector.send<{profile: Profile}>('Profiler.stop');
			const heap = alloc ? (await inspector.send<{profile: {head: AllocationNode}}>('HeapProfiler.stopSampling')).profile : undefined;
			writeFileSync(path.join(out, `${file}-scale${scale}.cpuprofile`), JSON.stringify(profile));
			const self = selfTimes(profile);
			const busy = self.filter(s => s.name !== '(idle)' && s.name !== '(program)' && s.name !== '(garbage collector)').reduce((sum, s) => sum + s.ms, 0);
			const gc = self.find(s => s.name === '(garbage collector)')?.ms ?? 0;
			process.stdout.write(`### ${file}: ${busy.toFixed(0)} ms of JavaScript, ${gc.toFixed(0)} ms GC over ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s\n\n`);
			process.stdout.write('| self ms | function | where |\n| --: | --- | --- |\n');
			for (const s of self.filter(s => s.name !== '(idle)').slice(0, 25)) process.stdout.write(`| ${s.ms.toFixed(1)} | ${s.name} | ${s.where} |\n`);
			process.stdout.write('\n');
			if (heap) {
				writeFileSync(path.join(out, `${file}-scale${scale}.heapprofile`), JSON.stringify(heap));
				const sites = allocations(heap.head);
				process.stdout.write(`Allocated: ${sites.reduce((sum, s) => sum + s.mb, 0).toFixed(0)} MB\n\n| MB | function | where |\n| --: | --- | --- |\n`);
				for (const s of sites.slice(0, 25)) process.stdout.write(`| ${s.mb.toFixed(1)} | ${s.name} | ${s.where} |\n`);
				process.stdout.write('\n');
			}
		}
		inspector.close();
		session.keys('q');
		await until('the app to quit', () => session.dead(), 10_000).catch(() => undefined);
	} finally {
		session.close();
		sim.child.kill('SIGTERM');
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exit(1);
});
