// Reading task definitions as a user browses them: the families (ACTIVE, and those with only
// INACTIVE revisions marked so) and one family's revisions, newest first, ACTIVE and INACTIVE
// together. ECS answers each listing for one status only; its `familyPrefix` is documented as the
// full family name, but emulators have matched it as a prefix (`web` finding `webhook:3`), and
// some endpoints ignore `sort` (moto): so two listings, the exact family kept, sorted here by
// revision number.
import type {CallOptions, EcsApi} from '../aws/ecs-api.js';
import {mapLimit} from '../aws/chunks.js';
import {taskDefinitionName, type TaskDefinition} from '../domain.js';

export interface TaskDefinitionFamily {
	family: string;
	/** ACTIVE while any revision is; INACTIVE when every revision is deregistered. */
	status: 'ACTIVE' | 'INACTIVE';
}

export async function listFamilies(api: EcsApi, options?: CallOptions): Promise<TaskDefinitionFamily[]> {
	// aws ecs list-task-definition-families --status ALL, then --status ACTIVE (every page of each)
	const [all, active] = await Promise.all([api.listTaskDefinitionFamilies({status: 'ALL'}, options), api.listTaskDefinitionFamilies({status: 'ACTIVE'}, options)]);
	const live = new Set(active);
	return [...new Set(all)].sort().map(family => ({family, status: live.has(family) ? 'ACTIVE' : 'INACTIVE'}));
}

/** `family:revision` → revision number; anything else → NaN. */
function revisionOf(arn: string, family: string): number {
	const name = taskDefinitionName(arn);
	const colon = name.lastIndexOf(':');
	return colon >= 0 && name.slice(0, colon) === family ? Number(name.slice(colon + 1)) : Number.NaN;
}

/** The ARNs of one family's revisions (ACTIVE and INACTIVE), newest first. */
export async function listRevisionArns(api: EcsApi, family: string, options?: CallOptions): Promise<string[]> {
	// aws ecs list-task-definitions --family-prefix F --status ACTIVE, and again --status INACTIVE
	const lists = await Promise.all((['ACTIVE', 'INACTIVE'] as const).map(status => api.listTaskDefinitionArns({familyPrefix: family, status, sort: 'DESC'}, options)));
	const mine = [...new Set(lists.flat())].filter(arn => !Number.isNaN(revisionOf(arn, family)));
	return mine.sort((a, b) => revisionOf(b, family) - revisionOf(a, family));
}

/** One family's revisions described, newest first; at most `limit` of them (one call each: ECS has no batch describe). */
export async function describeRevisions(api: EcsApi, arns: readonly string[], options?: CallOptions & {limit?: number}): Promise<TaskDefinition[]> {
	const wanted = arns.slice(0, options?.limit ?? arns.length);
	// aws ecs describe-task-definition --task-definition family:revision (one per revision, 4 at a time)
	return mapLimit(wanted, 4, arn => api.describeTaskDefinition(arn, options));
}
