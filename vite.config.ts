import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	ssr: { external: ['@duckdb/node-api'] },
	test: {
		include: ['test/**/*.test.ts'],
		testTimeout: 120_000,
		hookTimeout: 300_000,
		env: { TZ: 'UTC' },
		fileParallelism: true,
		maxWorkers: 2
	}
});
