// The Node that tests start the built bundle (dist/cli.js) with: the one running the tests, unless
// ECS_TOP_TEST_NODE names another binary (.ci/run runs the end-to-end tests once more on the
// oldest and newest supported Node lines this way).
import process from 'node:process';

export const bundleNode = process.env.ECS_TOP_TEST_NODE || process.execPath;
