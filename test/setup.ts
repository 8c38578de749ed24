// Every test runs with a sealed AWS environment: no real config, credentials, metadata
// service or state directory of the machine it runs on can be read or written.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll} from 'vitest';

const dir = mkdtempSync(path.join(tmpdir(), 'ecs-top-test-'));
writeFileSync(path.join(dir, 'config'), '');
writeFileSync(path.join(dir, 'credentials'), '');
process.env.AWS_CONFIG_FILE = path.join(dir, 'config');
process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'credentials');
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.XDG_STATE_HOME = path.join(dir, 'state');
// The cluster cache (completion) and the config file: the test's own, never the user's.
process.env.XDG_CACHE_HOME = path.join(dir, 'cache');
process.env.XDG_CONFIG_HOME = path.join(dir, 'xdg-config');
// Runs after each test file, once its own afterAll hooks are done.
afterAll(() => rmSync(dir, {recursive: true, force: true}));
for (const name of ['ECS_TOP_CONFIG', 'AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_ECS', 'AWS_SESSION_TOKEN', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN']) {
	delete process.env[name];
}

// With CI set (as .ci/run sets it), Ink holds every frame until exit (is-in-ci). The tests stand in
// for a user's terminal, so Ink must render as it does for a user.
for (const name of ['CI', 'CONTINUOUS_INTEGRATION']) {
	if (name in process.env) process.env[name] = 'false';
}
