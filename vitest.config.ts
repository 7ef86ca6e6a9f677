import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    // The renderer's tests need the Vue plugin and a DOM: they run with vite.renderer.config.ts.
    exclude: ['tests/unit/renderer/**', '**/node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: TensorFlow.js suites are CPU-bound, running them all at once only slows each down.
    maxWorkers: 2,
  },
});
