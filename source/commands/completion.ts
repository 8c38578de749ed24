// `ecs-top completion bash|zsh|fish`: a completion script built from the same flag tables the parser
// and --help use, so a new flag completes without touching this file. At Tab the scripts call
// `ecs-top completion --list profiles|clusters`, which reads local files only (the AWS config
// files, the cluster cache): never the network.
import process from 'node:process';
import {profileNames} from '../aws/client.js';
import {commandFlags, commandNames, UsageError, type Command, type ParsedArgs} from '../cli-args.js';
import {readClusterCache} from './cluster-cache.js';

const getResources = ['clusters', 'services', 'tasks', 'instances', 'taskdefs', 'deployments'];
const shells = ['bash', 'zsh', 'fish'];

export async function runCompletion(parsed: ParsedArgs): Promise<number> {
	if (parsed.list !== undefined) {
		const names = parsed.list === 'profiles' ? await profileNames() : parsed.list === 'clusters' ? readClusterCache() : undefined;
		if (!names) throw new UsageError(`--list: "${parsed.list}" is not profiles or clusters`);
		process.stdout.write(names.map(name => `${name}\n`).join(''));
		return 0;
	}
	const shell = parsed.args[0];
	process.stdout.write(shell === 'fish' ? fishScript() : shell === 'zsh' ? zshScript() : bashScript());
	return 0;
}

function flagsOf(command: Command): {all: string[]; valued: string[]} {
	const flags = commandFlags(command);
	return {all: flags.map(f => f.name), valued: flags.filter(f => f.takesValue).map(f => f.name)};
}

export function bashScript(): string {
	const commands = commandNames.filter(name => name !== 'completion').concat('completion', 'help');
	const valued = new Set<string>();
	const cases: string[] = [];
	for (const command of ['tui', ...commandNames] as Command[]) {
		const {all, valued: v} = flagsOf(command);
		for (const flag of v) valued.add(flag);
		const extra = command === 'get' ? getResources : command === 'completion' ? shells : command === 'tui' ? commands : [];
		cases.push(`\t\t${command === 'tui' ? '""' : command}) words="${[...extra, ...all].join(' ')}" ;;`);
	}
	const others = [...valued].filter(flag => flag !== '--profile' && flag !== '--cluster');
	return `# ecs-top completion for bash (ecs-top completion bash). Load it with
#   source <(ecs-top completion bash)
_ecs_top() {
	local cur prev cmd word i words
	cur="\${COMP_WORDS[COMP_CWORD]}"
	prev=""
	if [[ $COMP_CWORD -gt 0 ]]; then prev="\${COMP_WORDS[COMP_CWORD-1]}"; fi
	case "$prev" in
		--profile)
			COMPREPLY=($(compgen -W "$(ecs-top completion --list profiles 2>/dev/null)" -- "$cur"))
			return 0 ;;
		--cluster)
			COMPREPLY=($(compgen -W "$(ecs-top completion --list clusters 2>/dev/null)" -- "$cur"))
			return 0 ;;
		${others.join('|')})
			COMPREPLY=()
			return 0 ;;
	esac
	cmd=""
	for ((i = 1; i < COMP_CWORD; i++)); do
		word="\${COMP_WORDS[i]}"
		case "$word" in
			${commandNames.join('|')}) cmd="$word"; break ;;
		esac
	done
	case "$cmd" in
${cases.join('\n')}
	esac
	COMPREPLY=($(compgen -W "$words" -- "$cur"))
	return 0
}
complete -F _ecs_top ecs-top
`;
}

/** zsh runs the bash function through bashcompinit (part of zsh): one script to keep right. */
export function zshScript(): string {
	return `# ecs-top completion for zsh (ecs-top completion zsh). Load it with
#   source <(ecs-top completion zsh)
(( $+functions[compdef] )) || { autoload -U +X compinit && compinit; }
autoload -U +X bashcompinit && bashcompinit
${bashScript().split('\n').filter(line => !line.startsWith('#')).join('\n')}`;
}

export function fishScript(): string {
	const lines = ['# ecs-top completion for fish: ecs-top completion fish > ~/.config/fish/completions/ecs-top.fish', 'complete -c ecs-top -f'];
	const subcommands = commandNames.concat('help');
	lines.push(`complete -c ecs-top -n __fish_use_subcommand -a '${subcommands.join(' ')}'`);
	lines.push(`complete -c ecs-top -n '__fish_seen_subcommand_from get' -a '${getResources.join(' ')}'`);
	lines.push(`complete -c ecs-top -n '__fish_seen_subcommand_from completion' -a '${shells.join(' ')}'`);
	for (const command of ['tui', ...commandNames] as Command[]) {
		const condition = command === 'tui' ? '__fish_use_subcommand' : `'__fish_seen_subcommand_from ${command}'`;
		for (const flag of commandFlags(command)) {
			const name = flag.name.replace(/^--/, '');
			const values = name === 'profile' ? ` -a '(ecs-top completion --list profiles 2>/dev/null)'` : name === 'cluster' ? ` -a '(ecs-top completion --list clusters 2>/dev/null)'` : '';
			lines.push(`complete -c ecs-top -n ${condition} -l ${name}${flag.takesValue ? ' -r' : ''}${values}`);
		}
	}
	return `${lines.join('\n')}\n`;
}
