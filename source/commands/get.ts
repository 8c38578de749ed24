import {UserError, type ParsedArgs} from '../cli-args.js';

export async function runGet(_parsed: ParsedArgs): Promise<number> {
	throw new UserError('"get" is not built yet');
}
