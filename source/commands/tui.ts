import {UserError, type ParsedArgs} from '../cli-args.js';

export async function runTui(_parsed: ParsedArgs): Promise<number> {
	throw new UserError('the TUI is not built yet');
}
