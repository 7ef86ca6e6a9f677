// The gallery callback without a training run: an untrained tiny model and a few synthetic test images.
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../../shared/config';
import type { DatasetSample } from '../../../shared/datasets';
import { galleryIndexSchema } from '../../../shared/gallery';
import { generateSyntheticDataset, readSyntheticSamples } from '../../../main/trainer/data';
import { galleryCallback, type WrittenGallery } from '../../../main/trainer/gallery';
import type { ClassifierModel } from '../../../main/trainer/models/types';
import type { TrainingContext, TrainingCallback } from '../../../main/trainer/training/callbacks';
import type { TrainingPosition } from '../../../main/trainer/checkpoint/checkpoint';
import { useTempDir } from '../../helpers/temp-dir';
import { tinyModel, useBackend } from './helpers';

const tempDir = useTempDir('mge-gallery-cb-');
let classes: string[];
let test: DatasetSample[];
let model: ClassifierModel;

beforeAll(async () => {
  await useBackend();
  const dir = path.join(tempDir(), 'synthetic');
  await generateSyntheticDataset({ outDir: dir, classes: 3, trainPerClass: 1, testPerClass: 2, imageSize: 32, seed: 0 });
  ({ classes, samples: test } = await readSyntheticSamples(dir));
  test = test.filter((s) => s.split === 'test');
  model = tinyModel('baseline', { numClasses: 3 });
}, 60_000);
afterAll(() => model.dispose());

function context(logs: string[]): TrainingContext {
  const parsed = parseRunConfig({ dataset: 'synthetic', model: 'baseline', imgSize: 32, epochs: 4 }, 'quick-cpu');
  if (!parsed.ok) throw new Error('bad config');
  return { config: parsed.config, model, optimizer: null as never, classes, runDir: null, log: (level, message) => logs.push(`${level}: ${message}`), requestStop: () => undefined };
}

const position = (epoch: number): TrainingPosition => ({ epoch, batchesDone: 0, rngState: [1, 2, 3, 4], best: null, partial: null, epochsWithoutImprovement: 0, savedAt: '' });

async function epochEnd(callback: TrainingCallback, epoch: number, ctx: TrainingContext): Promise<void> {
  await callback.onEpochEnd?.({ position: position(epoch), improved: false, metrics: null as never, evaluation: null as never }, ctx);
}

describe('gallery callback', () => {
  it('writes every N epochs and at the end, once per epoch, with a valid index', async () => {
    const runDir = tempDir();
    const written: WrittenGallery[] = [];
    const logs: string[] = [];
    const ctx = context(logs);
    const callback = galleryCallback({ runDir, samples: test, split: 'test', options: { every: 2, sampleSize: 4, format: 'webp' }, onWritten: (g) => written.push(g) });
    const tensors = tf.memory().numTensors;
    for (const epoch of [1, 2, 3, 4]) await epochEnd(callback, epoch, ctx);
    expect(tf.memory().numTensors).toBe(tensors);
    await callback.onTrainEnd?.({ status: 'completed', position: position(4), evaluation: null, epochsRun: 4, durationSeconds: 1 }, ctx);
    expect(written.map((g) => g.folder)).toEqual(['epoch-0002', 'epoch-0004']);
    const root = galleryIndexSchema.parse(JSON.parse(await fs.readFile(path.join(runDir, 'gallery', 'index.json'), 'utf8')));
    expect(root.epoch).toBe(4);
    expect(root.entries).toHaveLength(4);
    expect(root.sample).toEqual({ split: 'test', requested: 4, drawn: 4, seed: 0 });
    for (const entry of root.entries) {
      expect(entry.views.map((v) => v.name)).toEqual(['backbone']);
      expect(entry.modelCam).toBe(entry.views[0].cam);
      for (const file of [entry.input, entry.views[0].cam]) expect(existsSync(path.join(runDir, 'gallery', file))).toBe(true);
      expect(entry.input).toMatch(/^epoch-0004\/\d{4}-input\.webp$/);
    }
    // the per-epoch index is the same document; no temporary folder is left behind
    const own = JSON.parse(await fs.readFile(path.join(runDir, 'gallery', 'epoch-0004', 'index.json'), 'utf8'));
    expect(own).toEqual(root);
    expect((await fs.readdir(path.join(runDir, 'gallery'))).sort()).toEqual(['epoch-0002', 'epoch-0004', 'index.json']);
    expect(logs.filter((l) => l.startsWith('info: gallery'))).toHaveLength(2);
  }, 60_000);

  it('writes nothing for a stopped run and only warns when the gallery cannot be written', async () => {
    const runDir = tempDir();
    const logs: string[] = [];
    const ctx = context(logs);
    const callback = galleryCallback({ runDir, samples: test, split: 'test' });
    await callback.onTrainEnd?.({ status: 'stopped', position: position(1), evaluation: null, epochsRun: 1, durationSeconds: 1 }, ctx);
    expect(existsSync(path.join(runDir, 'gallery'))).toBe(false);
    await fs.writeFile(path.join(runDir, 'gallery'), 'a file where the folder should be');
    await callback.onTrainEnd?.({ status: 'completed', position: position(1), evaluation: null, epochsRun: 1, durationSeconds: 1 }, ctx);
    expect(logs).toEqual([expect.stringMatching(/^warn: gallery for epoch 1 not written: /)]);
  });

  it('rejects invalid options up front', () => {
    expect(() => galleryCallback({ runDir: tempDir(), samples: test, split: 'test', options: { sampleSize: 0 } })).toThrow(/sampleSize/);
    expect(() => galleryCallback({ runDir: tempDir(), samples: test, split: 'test', options: { method: 'cam', layer: 'conv4' } })).toThrow(/conv5/);
  });
});
