// Browser end-to-end tests: the built renderer in Debian's Chromium (driven by playwright-core) against a
// real `mge serve` on a temporary runs folder. One file at a time: each starts its own server, and the
// trainer needs both cores.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['tests/e2e/**/*.e2e.test.ts'],
    globalSetup: ['tests/e2e/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
    // A journey is one story told in order: a failed step makes the next ones meaningless.
    sequence: { shuffle: false },
    bail: 0,
  },
});
