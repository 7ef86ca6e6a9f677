// A run's best model, read straight from its folder (run.json + checkpoints/best), so that the trainer needs
// no run-store service: the config says how to build the model, the dataset record names the classes.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { runConfigSchema, type RunConfig } from '../../../shared/config';
import { AppFailure } from '../../../shared/result';
import { checkpointPaths, hasCheckpoint, loadCheckpoint } from '../checkpoint/checkpoint';
import { createModel } from '../models/registry';
import type { ClassifierModel } from '../models/types';
import { preprocessingSpec } from './preprocessing';
import { Predictor } from './predictor';

/** The part of run.json a predictor needs. */
const runModelRecordSchema = z.object({
  config: runConfigSchema,
  dataset: z.object({ classes: z.array(z.string()).min(1) }).nullable(),
});

export function modelForRun(config: RunConfig, numClasses: number): ClassifierModel {
  return createModel(config.model, {
    numClasses,
    backbone: config.backbone,
    imgSize: config.imgSize,
    boxThreshold: config.boxThreshold,
    diversityWeight: config.diversityWeight,
    seed: config.seed,
  });
}

/** The run's config and class names; AppFailure (not-found / damaged / invalid-input) when unusable. */
export async function readRunModelRecord(runDir: string): Promise<{ config: RunConfig; classes: string[] }> {
  const name = path.basename(runDir);
  let text: string;
  try {
    text = await fs.readFile(path.join(runDir, 'run.json'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new AppFailure('not-found', `run ${name}: no run.json in ${runDir}`);
    throw new AppFailure('io-error', `run ${name}: cannot read run.json: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new AppFailure('damaged', `run ${name}: run.json is not valid JSON (${(error as Error).message})`);
  }
  const parsed = runModelRecordSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppFailure('damaged', `run ${name}: run.json is invalid (${issue.path.join('.') || '(record)'}: ${issue.message})`);
  }
  if (!parsed.data.dataset) throw new AppFailure('invalid-input', `run ${name} never started training: it has no dataset and no model`);
  return { config: parsed.data.config, classes: parsed.data.dataset.classes };
}

/** Loads the best model of the run in `runDir` (the weights with the best test accuracy). */
export async function loadRunPredictor(runDir: string): Promise<Predictor> {
  const { config, classes } = await readRunModelRecord(runDir);
  const best = checkpointPaths(runDir).best;
  if (!hasCheckpoint(best)) {
    throw new AppFailure('not-found', `run ${path.basename(runDir)} has no best model yet (${path.relative(runDir, best)}): it has not finished an epoch`);
  }
  const model = modelForRun(config, classes.length);
  try {
    const position = await loadCheckpoint(best, model, null);
    return new Predictor(model, preprocessingSpec(config.imgSize, classes), { kind: 'run', path: runDir, epoch: position.epoch });
  } catch (error) {
    model.dispose();
    if (error instanceof AppFailure) throw error;
    throw new AppFailure('damaged', `run ${path.basename(runDir)}: the best model cannot be loaded: ${(error as Error).message}`);
  }
}
