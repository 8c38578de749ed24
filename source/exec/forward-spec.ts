// `LOCAL:REMOTE` (`8080:80`) and, in the TUI's field, `LOCAL:HOST:REMOTE` (`5432:db.internal:5432`,
// as ssh -L writes it): the ports of a forward, or why the text is not one. Pure: the command line
// and the TUI's field both read ports through it.
import type {ForwardSpec} from './forward.js';

export type ParsedForward = {spec: ForwardSpec} | {error: string};

/** A host name or address as a task can reach it: letters, digits, dots, dashes, IPv6 in brackets. */
const hostPattern = /^(?:[A-Za-z\d](?:[A-Za-z\d-]{0,61}[A-Za-z\d])?(?:\.[A-Za-z\d](?:[A-Za-z\d-]{0,61}[A-Za-z\d])?)*|\[[\da-fA-F:.]+\])$/;

export function parseForward(text: string, options: {allowHost?: boolean} = {}): ParsedForward {
	const value = text.trim();
	const match = /^(\d{1,5}):(?:([^:\s]+|\[[^\]]+\]):)?(\d{1,5})$/.exec(value);
	if (!match || (match[2] !== undefined && !options.allowHost)) {
		return {error: `"${value}" is not LOCAL:REMOTE (two port numbers, e.g. 8080:80)${options.allowHost ? ' or LOCAL:HOST:REMOTE' : ''}`};
	}
	const localPort = Number(match[1]);
	const remotePort = Number(match[3]);
	if (localPort > 65535) return {error: `"${value}": LOCAL must be a port from 1 to 65535, or 0 for a free one`};
	if (remotePort < 1 || remotePort > 65535) return {error: `"${value}": REMOTE must be a port from 1 to 65535`};
	const host = match[2];
	if (host !== undefined && !hostPattern.test(host)) return {error: `"${host}" is not a host name or address`};
	return {spec: {localPort, remotePort, ...(host === undefined ? {} : {remoteHost: host})}};
}
