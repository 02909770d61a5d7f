import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Plugins written to temporary folders import the API by its package name; outside vitest the
    // loader's resolution hook does this (core/loader/plugin-api-resolution.ts).
    alias: { 'insights-operator/plugin-api': fileURLToPath(new URL('./plugin-api/index.ts', import.meta.url)) },
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Tests start real HTTPS simulators and child processes; two cores are the norm on CI.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
