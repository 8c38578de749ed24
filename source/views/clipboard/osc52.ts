// OSC 52: the terminal's own clipboard, set by an escape sequence. It works where the app runs on
// another machine (over SSH the sequence travels back to the user's terminal, which sets the
// clipboard of the machine the user sits at), which no clipboard command can do. tmux with
// `set-clipboard on` takes the sequence itself (its paste buffer, and on to the outer terminal),
// so no tmux passthrough wrapping is needed; with `set-clipboard off` tmux drops it, and the
// system clipboard command is not tried (the app cannot know the sequence was dropped).

/** `ESC ] 52 ; c ; BASE64 BEL`: c is the clipboard selection; BEL ends it (understood more widely than ST). */
export function osc52(text: string): string {
	return `\u001B]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;
}

/**
 * Whether OSC 52 is worth writing: a terminal on stdout, and not one known to ignore it (Apple's
 * Terminal.app, the Linux console, a dumb terminal). Most others (iTerm2, kitty, WezTerm, Alacritty,
 * foot, Windows Terminal, xterm with allowWindowOps, tmux with set-clipboard) honour it.
 */
export function osc52Usable(isTTY: boolean, env: NodeJS.ProcessEnv): boolean {
	if (!isTTY) return false;
	if (env.TERM_PROGRAM === 'Apple_Terminal') return false;
	return env.TERM !== 'linux' && env.TERM !== 'dumb';
}
