import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Plugins written to temporary folders import the API by its package name; outside vitest the
    // loader's resolution hook does this (core/loader/plugin-api-resolution.ts).
    // Exact matches: a string alias would also rewrite `insights-operator/plugin-api/testing` as a prefix.
    alias: [
      { find: /^insights-operator\/plugin-api$/, replacement: fileURLToPath(new URL('./plugin-api/index.ts', import.meta.url)) },
      { find: /^insights-operator\/plugin-api\/testing$/, replacement: fileURLToPath(new URL('./plugin-api/testing/index.ts', import.meta.url)) },
    ],
  },
  test: {
    // Example plugins keep their tests beside them, as an outside author would.
    // `new-plugin` scaffolds into plugins-local/ by default, with the test beside the plugin.
    include: ['test/**/*.test.ts', 'examples/**/test/*.test.ts', 'plugins-local/*/test/*.test.ts'],
    // Tests start real HTTPS simulators and child processes; two cores are the norm on CI.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
