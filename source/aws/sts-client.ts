// STS GetCallerIdentity, the one STS call ecs-top makes: which account a context's credentials
// belong to (rate limiters are per account and Region, and a context's JSON names its account).
// No new dependency: @aws-sdk/nested-clients (already installed: the credential providers use its
// STS client for AssumeRole) has the client and the query protocol but only the AssumeRole
// commands, so GetCallerIdentity is declared here in the same schema form its commands use
// (Smithy's operation, input and output shapes; the output's members as STS documents them).
import {STSClient} from '@aws-sdk/nested-clients/sts';
import {makeBuilder} from '@smithy/core/client';
import {getEndpointPlugin} from '@smithy/core/endpoints';

const namespace = 'com.amazonaws.sts';
// [3 = structure, namespace, name, traits, member names, member schemas (0 = string)]
const request = [3, namespace, 'GetCallerIdentityRequest', 0, [], []];
const response = [3, namespace, 'GetCallerIdentityResponse', 0, ['UserId', 'Account', 'Arn'], [0, 0, 0]];
// [9 = operation, namespace, name, traits, input, output]
const operation = [9, namespace, 'GetCallerIdentity', 0, () => request, () => response];

// STS's endpoint rule-set parameters, as the nested client's own commands declare them.
const endpointParameters = {
	UseGlobalEndpoint: {type: 'builtInParams', name: 'useGlobalEndpoint'},
	UseFIPS: {type: 'builtInParams', name: 'useFipsEndpoint'},
	Endpoint: {type: 'builtInParams', name: 'endpoint'},
	Region: {type: 'builtInParams', name: 'region'},
	UseDualStack: {type: 'builtInParams', name: 'useDualstackEndpoint'},
} as const;

const command = makeBuilder(endpointParameters, 'AWSSecurityTokenServiceV20110615', 'STSClient', getEndpointPlugin);

export interface CallerIdentity {
	Account?: string;
	Arn?: string;
	UserId?: string;
}

export class GetCallerIdentityCommand extends command({}, () => [], 'GetCallerIdentity', operation as never) {
	declare input: Record<string, never>;
}

export {STSClient};

/** GetCallerIdentity through an STS client (the nested client's types know only its own commands). */
export function callerIdentity(client: {send(command: never): Promise<unknown>}): Promise<CallerIdentity> {
	return client.send(new GetCallerIdentityCommand({}) as never) as Promise<CallerIdentity>;
}
