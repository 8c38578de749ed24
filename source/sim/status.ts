// Which counter a task's lastStatus feeds: ECS counts RUNNING as running and the states before it
// as pending; the stop path (DEACTIVATING … STOPPED) counts as neither.
export type Category = 'running' | 'pending' | undefined;

export function category(status: string): Category {
	if (status === 'RUNNING') return 'running';
	if (status === 'PROVISIONING' || status === 'PENDING' || status === 'ACTIVATING') return 'pending';
	return undefined;
}
