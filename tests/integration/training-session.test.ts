// The training loop end to end in-process on a tiny synthetic dataset: determinism, stop + resume equal to
// an uninterrupted run, checkpoints on disk, and no tensor leak across steps.
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseRunConfig, type RunConfig } from '../../shared/config';
import type { DatasetSample } from '../../shared/datasets';
import type { EpochMetrics } from '../../shared/runs';
import { importDataset } from '../../main/services/datasets';
import { selectBackend } from '../../main/trainer/backend';
import { runTrainBenchmark } from '../../main/trainer/bench/train-benchmark';
import { generateSyntheticDataset } from '../../main/trainer/data';
import { TrainingControl } from '../../main/trainer/training/control';
import { runTrainingSession, type SessionResult } from '../../main/trainer/training/session';
import { useTempDir } from '../helpers/temp-dir';

const tempDir = useTempDir('mge-session-');
let classes: string[];
let samples: DatasetSample[];

beforeAll(async () => {
  await selectBackend('wasm');
  const dir = path.join(tempDir(), 'synthetic');
  await generateSyntheticDataset({ outDir: dir, classes: 3, trainPerClass: 8, testPerClass: 4, imageSize: 32, seed: 0 });
  ({ report: { classes }, samples } = await importDataset(dir).then((d) => ({ report: d.report, samples: d.samples })));
}, 120_000);

function config(overrides: Record<string, unknown> = {}): RunConfig {
  const parsed = parseRunConfig({ dataset: 'synthetic', imgSize: 32, epochs: 2, batchSize: 6, ...overrides }, 'quick-cpu');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.config;
}

async function train(cfg: RunConfig, runDir: string | null, options: { stopAfterBatches?: number; resume?: boolean } = {}): Promise<{ result: SessionResult; epochs: EpochMetrics[] }> {
  const control = new TrainingControl();
  const epochs: EpochMetrics[] = [];
  let batches = 0;
  const result = await runTrainingSession({
    config: cfg,
    classes,
    samples,
    runDir,
    resume: options.resume ?? false,
    control,
    log: () => undefined,
    callbacks: [
      {
        onBatchEnd: () => {
          batches++;
          if (options.stopAfterBatches !== undefined && batches === options.stopAfterBatches) control.stop();
        },
        onEpochEnd: ({ metrics }) => void epochs.push(metrics),
      },
    ],
  });
  return { result, epochs };
}

const lossesOf = (epochs: EpochMetrics[]) => epochs.map((e) => e.losses);

describe('training session', () => {
  it('gives the same losses for the same seed and different ones for another seed', async () => {
    const a = await train(config({ model: 'baseline', epochs: 1 }), null);
    const b = await train(config({ model: 'baseline', epochs: 1 }), null);
    const c = await train(config({ model: 'baseline', epochs: 1, seed: 7 }), null);
    expect(lossesOf(a.epochs)).toEqual(lossesOf(b.epochs));
    expect(lossesOf(c.epochs)).not.toEqual(lossesOf(a.epochs));
    expect(a.result.summary?.testSamples).toBe(12);
  });

  it('pauses between batches without changing the result', async () => {
    const cfg = config({ model: 'baseline', epochs: 1 });
    const reference = await train(cfg, null);
    const control = new TrainingControl();
    const batchTimes: number[] = [];
    const epochs: EpochMetrics[] = [];
    await runTrainingSession({
      config: cfg, classes, samples, runDir: null, resume: false, control, log: () => undefined,
      callbacks: [
        {
          onBatchEnd: ({ batch }) => {
            batchTimes.push(performance.now());
            if (batch === 1) {
              control.pause();
              setTimeout(() => control.resume(), 300);
            }
          },
          onEpochEnd: ({ metrics }) => void epochs.push(metrics),
        },
      ],
    });
    expect(batchTimes[1] - batchTimes[0]).toBeGreaterThanOrEqual(290);
    expect(lossesOf(epochs)).toEqual(lossesOf(reference.epochs));
  });

  it('resumes an MGE-CNN run stopped mid-epoch to exactly the uninterrupted result', async () => {
    const cfg = config({ model: 'mgecnn' });
    const uninterrupted = await train(cfg, tempDir());

    const runDir = tempDir();
    const first = await train(cfg, runDir, { stopAfterBatches: 5 });
    expect(first.result.fit.status).toBe('stopped');
    expect(first.result.fit.position).toMatchObject({ epoch: 1, batchesDone: 1 });
    expect(existsSync(path.join(runDir, 'checkpoints', 'latest', 'manifest.json'))).toBe(true);
    const second = await train(cfg, runDir, { resume: true });
    expect(second.result.fit.status).toBe('completed');

    const resumedEpochs = [...first.epochs, ...second.epochs];
    expect(lossesOf(resumedEpochs)).toEqual(lossesOf(uninterrupted.epochs));
    expect(second.result.summary?.testAccuracy).toBe(uninterrupted.result.summary?.testAccuracy);
    expect(second.result.summary?.confusion).toEqual(uninterrupted.result.summary?.confusion);
    expect(Object.keys(uninterrupted.epochs[0].losses)).toEqual(expect.arrayContaining(['total', 'ce.gate', 'ce.expert1.logits', 'ce.expert3.cat', 'kl.expert1-expert2']));
    expect(Object.keys(uninterrupted.epochs[0].accuracy).sort()).toEqual(['expert1', 'expert2', 'expert3', 'final']);
    expect(existsSync(path.join(runDir, 'checkpoints', 'best', 'manifest.json'))).toBe(true);
    const manifest = JSON.parse(await fs.readFile(path.join(runDir, 'checkpoints', 'latest', 'manifest.json'), 'utf8'));
    expect(manifest.meta.epoch).toBe(2);
    expect(manifest.tensors.some((t: { name: string }) => t.name.startsWith('optimizer/'))).toBe(true);
  }, 240_000);

  it('does not leak tensors across training steps', () => {
    for (const model of ['baseline', 'mgecnn'] as const) {
      const before = tf.memory().numTensors;
      const result = runTrainBenchmark({ model, backbone: 'resnet-tiny', imgSize: 32, batchSize: 2, classes: 5, steps: 3, warmup: 1 });
      expect(result.tensorGrowth).toBe(0);
      expect(tf.memory().numTensors).toBe(before);
    }
  }, 120_000);
});
