// Every pane the TUI can show, by name: the table panes of the resources in this folder, then the
// panes features draw themselves (events, describe, a revision described or compared). A new
// resource adds its pane's name here, as one line in k9s's registry does.
export const panes = ['clusters', 'services', 'tasks', 'containers', 'instances', 'taskdefs', 'revisions', 'deployments', 'logs', 'events', 'describe', 'revision', 'revision-diff', 'forwards', 'contexts', 'fleet'] as const;

export type Pane = (typeof panes)[number];
