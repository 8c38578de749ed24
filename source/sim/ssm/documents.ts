// The Session documents StartSession accepts for an ECS target, with their parameters as AWS
// defines them (allowed patterns and defaults from the AWS-owned documents' content, as quoted by
// users; the host pattern from an SSM InvalidParameters answer). SSM fills in defaults itself, so a
// port-forwarding session without portNumber goes to port 80.
export interface ParameterSpec {
	/** The document's allowedPattern, as SSM quotes it in InvalidParameters. */
	allowedPattern?: string;
	default?: string;
	required?: boolean;
}

export type SessionType = 'Standard_Stream' | 'Port' | 'InteractiveCommands';

export interface SessionDocument {
	sessionType: SessionType;
	parameters: Record<string, ParameterSpec>;
}

const PORT = '^([1-9]|[1-9][0-9]{1,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])$';
const LOCAL_PORT = '^([0-9]|[1-9][0-9]{1,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])$';
const HOST = '^[^,$^&\\(\\)!;\'"<>\\`{}\\[\\]\\|#=]{3,}$';

/** Without DocumentName SSM opens a shell with the account's SSM-SessionManagerRunShell preferences. */
export const DEFAULT_DOCUMENT = 'SSM-SessionManagerRunShell';

export const sessionDocuments: Readonly<Record<string, SessionDocument>> = {
	'SSM-SessionManagerRunShell': {sessionType: 'Standard_Stream', parameters: {}},
	'AWS-StartPortForwardingSession': {
		sessionType: 'Port',
		parameters: {portNumber: {allowedPattern: PORT, default: '80'}, localPortNumber: {allowedPattern: LOCAL_PORT, default: '0'}},
	},
	'AWS-StartPortForwardingSessionToRemoteHost': {
		sessionType: 'Port',
		parameters: {host: {allowedPattern: HOST, required: true}, portNumber: {allowedPattern: PORT, default: '80'}, localPortNumber: {allowedPattern: LOCAL_PORT, default: '0'}},
	},
	'AWS-StartInteractiveCommand': {sessionType: 'InteractiveCommands', parameters: {command: {required: true}}},
};
