import {UserError, type ParsedArgs} from '../cli-args.js';

export async function runSim(_parsed: ParsedArgs): Promise<number> {
	throw new UserError('"sim" is not built yet');
}
