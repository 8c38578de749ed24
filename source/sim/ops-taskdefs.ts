// Task definitions and service revisions: ListTaskDefinitionFamilies, ListTaskDefinitions,
// DescribeTaskDefinition, RegisterTaskDefinition, DeregisterTaskDefinition, DescribeServiceRevisions.
// The two lists are ordered by name, not by creation, so their tokens say "continue after this
// family" / "after this family:revision" (paging.ts): a revision registered while a client pages
// is listed at most once, and nothing listed before it is lost.
import {decodeKeyToken, encodeKeyToken} from './paging.js';
import {batch, invalid, optString, optStrings, pageSize, reqString, SimError, type Body} from './protocol.js';
import {parseTaskDefInput} from './taskdef-input.js';
import {serviceRevisionWire, taskDefWire} from './wire.js';
import type {TaskDefRec} from './model.js';
import type {World} from './world.js';

type Handler = (world: World, body: Body) => unknown;

const notFound = () => new SimError('ClientException', 'Unable to describe task definition.');

function oneOf(body: Body, key: string, allowed: string[], fallback: string): string {
	const value = optString(body, key) ?? fallback;
	if (!allowed.includes(value)) throw invalid(`${key} must be one of ${allowed.join(', ')}.`);
	return value;
}

/** Up to `limit` items and whether more follow (one look-ahead). */
function take<T>(items: Iterable<T>, limit: number): {page: T[]; more: boolean} {
	const page: T[] = [];
	for (const item of items) {
		if (page.length === limit) return {page, more: true};
		page.push(item);
	}
	return {page, more: false};
}

/** Revisions in ECS's ListTaskDefinitions order (family by name, then revision), after `after`. */
function* revisionsInOrder(world: World, family: string | undefined, descending: boolean, after: [string, number] | undefined): Generator<TaskDefRec> {
	const names = world.familyNames;
	const one = family === undefined ? undefined : names.lowerBound(family);
	if (one !== undefined && names.at(one) !== family) return;
	const step = descending ? -1 : 1;
	let i: number;
	if (after) i = names.lowerBound(after[0]) - (descending && names.at(names.lowerBound(after[0])) !== after[0] ? 1 : 0);
	else i = one ?? (descending ? names.size - 1 : 0);
	for (; i >= 0 && i < names.size; i += step) {
		const name = names.at(i)!;
		if (one !== undefined && i !== one) return;
		const revisions = world.families.get(name) ?? [];
		const resume = after && name === after[0] ? after[1] : undefined;
		for (let j = descending ? revisions.length - 1 : 0; j >= 0 && j < revisions.length; j += step) {
			const def = revisions[j]!;
			if (resume !== undefined && (descending ? def.revision >= resume : def.revision <= resume)) continue;
			yield def;
		}
	}
}

function parseAfter(key: string | undefined): [string, number] | undefined {
	if (key === undefined) return undefined;
	try {
		const parsed = JSON.parse(key) as unknown;
		if (Array.isArray(parsed) && typeof parsed[0] === 'string' && Number.isInteger(parsed[1])) return [parsed[0], parsed[1] as number];
	} catch {
		// fall through
	}
	throw invalid('Invalid nextToken.');
}

/** `family:revision` or a task definition ARN; a bare family is refused (ECS: "You must specify a revision"). */
function withRevision(world: World, ref: string): TaskDefRec {
	const path = ref.startsWith('arn:') ? ref.split(':').slice(5).join(':') : ref;
	const name = path.startsWith('task-definition/') ? path.slice('task-definition/'.length) : path;
	const colon = name.indexOf(':');
	if (colon < 0 || colon === name.length - 1) throw new SimError('ClientException', 'Revision is missing.');
	const revision = name.slice(colon + 1);
	if (!/^\d+$/.test(revision)) throw invalid(`Invalid revision number. Number: ${revision}`);
	const def = world.findTaskDef(ref);
	if (!def) throw notFound();
	return def;
}

export const taskDefOps: Record<string, Handler> = {
	ListTaskDefinitionFamilies(world, body) {
		const prefix = optString(body, 'familyPrefix');
		// ECS's reference: without status, families with and without ACTIVE revisions are listed.
		const status = oneOf(body, 'status', ['ACTIVE', 'INACTIVE', 'ALL'], 'ALL');
		const limit = pageSize(body, 100);
		const scope = `ListTaskDefinitionFamilies|${JSON.stringify([prefix ?? null, status])}`;
		const after = decodeKeyToken(optString(body, 'nextToken'), scope);
		const names = world.familyNames;
		function* matching(): Generator<string> {
			for (let i = after === undefined ? names.lowerBound(prefix ?? '') : names.upperBound(after); i < names.size; i++) {
				const name = names.at(i)!;
				if (prefix !== undefined && !name.startsWith(prefix)) return;
				const active = world.activeRevisions.has(name);
				if (status === 'ALL' || (status === 'ACTIVE') === active) yield name;
			}
		}
		const {page, more} = take(matching(), limit);
		return {families: page, nextToken: more ? encodeKeyToken(scope, page.at(-1)!) : undefined};
	},

	ListTaskDefinitions(world, body) {
		// "The full family name": revisions of that one family, not of every family it prefixes.
		const family = optString(body, 'familyPrefix');
		const status = oneOf(body, 'status', ['ACTIVE', 'INACTIVE', 'DELETE_IN_PROGRESS'], 'ACTIVE');
		const sort = oneOf(body, 'sort', ['ASC', 'DESC'], 'ASC');
		const limit = pageSize(body, 100);
		const scope = `ListTaskDefinitions|${JSON.stringify([family ?? null, status, sort])}`;
		const after = parseAfter(decodeKeyToken(optString(body, 'nextToken'), scope));
		function* matching(): Generator<TaskDefRec> {
			// The simulator never deletes a definition, so none is DELETE_IN_PROGRESS.
			for (const def of revisionsInOrder(world, family, sort === 'DESC', after)) if (def.status === status) yield def;
		}
		const {page, more} = take(matching(), limit);
		const last = page.at(-1);
		return {taskDefinitionArns: page.map(d => d.arn), nextToken: more && last ? encodeKeyToken(scope, JSON.stringify([last.family, last.revision])) : undefined};
	},

	DescribeTaskDefinition(world, body) {
		const def = world.findTaskDef(reqString(body, 'taskDefinition'));
		if (!def) throw notFound();
		const include = optStrings(body, 'include') ?? [];
		return {taskDefinition: taskDefWire(def), tags: include.includes('TAGS') ? def.tags : undefined};
	},

	RegisterTaskDefinition(world, body) {
		const def = world.registerTaskDefinition(parseTaskDefInput(body));
		return {taskDefinition: taskDefWire(def), tags: def.tags};
	},

	DeregisterTaskDefinition(world, body) {
		const def = withRevision(world, reqString(body, 'taskDefinition'));
		world.deregisterTaskDef(def);
		return {taskDefinition: taskDefWire(def)};
	},

	DescribeServiceRevisions(world, body) {
		const arns = batch(body, 'serviceRevisionArns', 'ServiceRevisionArns', 20);
		const serviceRevisions = [];
		const failures = [];
		for (const arn of arns) {
			const revision = world.serviceRevisions.get(arn);
			if (revision) serviceRevisions.push(serviceRevisionWire(revision));
			else failures.push({arn, reason: 'MISSING'});
		}
		return {serviceRevisions, failures};
	},
};
