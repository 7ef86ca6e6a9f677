// Minimal valid run records for run-store and CLI tests.
import { parseRunConfig, type RunConfig } from '../../shared/config';
import type { EpochMetrics } from '../../shared/runs';
import type { NewRun } from '../../main/services/runs';

export function testConfig(overrides: Record<string, unknown> = {}): RunConfig {
  const result = parseRunConfig({ dataset: 'synthetic', ...overrides }, 'quick-cpu');
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.config;
}

export function newRun(overrides: Partial<NewRun> = {}): NewRun {
  return {
    config: testConfig(),
    dataset: { format: 'synthetic', root: '/tmp/synthetic', fingerprint: 'abc123', classes: ['a', 'b'], splits: { train: 8, test: 4 } },
    versions: { app: '0.1.0', node: process.version, platform: process.platform },
    ...overrides,
  };
}

export function epochMetrics(epoch: number): EpochMetrics {
  return {
    epoch,
    losses: { total: 2 / epoch },
    accuracy: { final: 0.1 * epoch },
    lr: { head: 0.01, backbone: 0.001 },
    samplesPerSec: 30,
    epochSeconds: 5,
    etaSeconds: 10,
    time: new Date().toISOString(),
  };
}
