// Training checkpoints: model state + optimiser momentum + position + RNG state + best-so-far, so that
// a resumed run continues exactly where it stopped. `latest` is written every epoch (and on stop), `best`
// when the test accuracy improves (model state only).
import { existsSync } from 'node:fs';
import path from 'node:path';
import type * as tf from '@tensorflow/tfjs-core';
import type { ClassifierModel } from '../models/types';
import type { SgdOptimizer } from '../optim/sgd';
import { readTensorFolder, writeTensorFolder } from './tensor-file';

export interface TrainingPosition {
  /** Epochs completed (1-based count). */
  epoch: number;
  /** Batches of epoch+1 already trained when the run was stopped mid-epoch (0 at epoch boundaries). */
  batchesDone: number;
  rngState: number[];
  best: { epoch: number; accuracy: number } | null;
  /** Running sums of the interrupted epoch, so its metrics match an uninterrupted run's. */
  partial: PartialEpoch | null;
  /** Epochs without improvement, for early stopping. */
  epochsWithoutImprovement: number;
  savedAt: string;
}

export interface PartialEpoch {
  lossSums: Record<string, number>;
  trainCorrect: number;
  trainSeen: number;
  trainSeconds: number;
}

const OPTIMIZER_PREFIX = 'optimizer/';
const MODEL_PREFIX = 'model/';

export const checkpointPaths = (runDir: string) => ({
  latest: path.join(runDir, 'checkpoints', 'latest'),
  best: path.join(runDir, 'checkpoints', 'best'),
});

export async function saveCheckpoint(target: string, model: ClassifierModel, optimizer: SgdOptimizer | null, position: TrainingPosition): Promise<void> {
  const tensors = new Map<string, tf.Tensor>();
  for (const [name, variable] of model.state()) tensors.set(MODEL_PREFIX + name, variable);
  if (optimizer) for (const [name, slot] of optimizer.slots()) tensors.set(OPTIMIZER_PREFIX + name, slot);
  await writeTensorFolder(target, tensors, position);
}

/** Loads a checkpoint into the model (and optimiser); returns the saved position. */
export async function loadCheckpoint(source: string, model: ClassifierModel, optimizer: SgdOptimizer | null): Promise<TrainingPosition> {
  const { meta, tensors } = await readTensorFolder<TrainingPosition>(source);
  try {
    const state = model.state();
    const missing = [...state.keys()].filter((name) => !tensors.has(MODEL_PREFIX + name));
    if (missing.length > 0) throw new Error(`checkpoint ${source} does not match the model: ${missing.length} tensors missing (e.g. ${missing[0]})`);
    for (const [name, variable] of state) {
      const value = tensors.get(MODEL_PREFIX + name)!;
      if (value.shape.join() !== variable.shape.join()) throw new Error(`checkpoint ${source}: ${name} has shape [${value.shape}] but the model expects [${variable.shape}]`);
      variable.assign(value);
    }
    if (optimizer) {
      const slots = new Map<string, tf.Tensor>();
      for (const [name, value] of tensors) if (name.startsWith(OPTIMIZER_PREFIX)) slots.set(name.slice(OPTIMIZER_PREFIX.length), value);
      optimizer.loadSlots(slots);
    }
    return meta;
  } finally {
    for (const t of tensors.values()) t.dispose();
  }
}

export function hasCheckpoint(dir: string): boolean {
  return existsSync(path.join(dir, 'manifest.json'));
}
