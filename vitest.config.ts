import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
		testTimeout: 30_000,
		hookTimeout: 30_000,
		// Tests never reach real AWS: see test/setup.ts.
		setupFiles: ['test/setup.ts'],
		globalSetup: ['test/global-setup.ts'],
	},
});
