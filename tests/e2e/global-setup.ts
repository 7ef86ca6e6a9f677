// Builds the renderer once (what `mge serve` serves) and picks the folder the suites write their
// screenshots to; its path is printed so that a person can look at every view.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

declare module 'vitest' {
  export interface ProvidedContext {
    screenshotDir: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  await build({ configFile: path.join(ROOT, 'vite.renderer.config.ts'), logLevel: 'warn' });
  const dir = process.env.MGE_E2E_SCREENSHOTS ? path.resolve(process.env.MGE_E2E_SCREENSHOTS) : mkdtempSync(path.join(tmpdir(), 'mge-e2e-screenshots-'));
  mkdirSync(dir, { recursive: true });
  console.log(`e2e screenshots: ${dir}`);
  project.provide('screenshotDir', dir);
}
