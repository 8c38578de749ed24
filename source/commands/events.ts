import {UserError, type ParsedArgs} from '../cli-args.js';

export async function runEvents(_parsed: ParsedArgs): Promise<number> {
	throw new UserError('"events" is not built yet');
}
