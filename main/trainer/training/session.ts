// Assembles one training run from a validated config and an imported dataset: loaders, model, optimiser,
// callbacks, optional resume from the latest checkpoint; then runs the loop. Used by the trainer child
// process and, in-process, by tests.
import type { RunConfig } from '../../../shared/config';
import type { DatasetSample } from '../../../shared/datasets';
import { Rng } from '../../../shared/random';
import type { RunSummary } from '../../../shared/runs';
import { checkpointPaths, hasCheckpoint, loadCheckpoint } from '../checkpoint/checkpoint';
import { DataLoader, ImageCache } from '../data';
import { galleryCallback, type GalleryOptions } from '../gallery';
import { createModel } from '../models/registry';
import { SgdOptimizer } from '../optim/sgd';
import type { FitResult, TrainingCallback, TrainingContext } from './callbacks';
import { checkpointCallback } from './checkpoint-callback';
import type { TrainingControl } from './control';
import { earlyStoppingCallback } from './early-stopping';
import { buildSummary } from './summary';
import { fit, initialPosition } from './trainer';

export interface SessionInput {
  config: RunConfig;
  classes: string[];
  samples: DatasetSample[];
  /** Run folder for checkpoints; null trains in memory only. */
  runDir: string | null;
  resume: boolean;
  control: TrainingControl;
  log: TrainingContext['log'];
  /** Extra callbacks (progress reporting, galleries). */
  callbacks?: TrainingCallback[];
  onCheckpoint?: (epoch: number, batchesDone: number, best: boolean) => void;
  /** Decoded-image cache budget in bytes. */
  cacheBytes?: number;
  /** The CAM gallery written into the run folder at the end of training (default options when absent); false: none. */
  gallery?: Partial<GalleryOptions> | false;
}

export interface SessionResult {
  fit: FitResult;
  summary: RunSummary | null;
}

export function splitSamples(samples: DatasetSample[]): { train: DatasetSample[]; test: DatasetSample[]; evaluationSplit: 'test' | 'val' } {
  const train = samples.filter((s) => s.split === 'train');
  let test = samples.filter((s) => s.split === 'test');
  let evaluationSplit: 'test' | 'val' = 'test';
  if (test.length === 0) {
    test = samples.filter((s) => s.split === 'val');
    evaluationSplit = 'val';
  }
  if (train.length === 0) throw new Error('the dataset has no training images');
  if (test.length === 0) throw new Error('the dataset has no test or validation images to measure accuracy on');
  return { train, test, evaluationSplit };
}

export async function runTrainingSession(input: SessionInput): Promise<SessionResult> {
  const started = performance.now();
  const { config, classes, runDir, control, log } = input;
  const { train, test, evaluationSplit } = splitSamples(input.samples);
  if (evaluationSplit === 'val') log('warn', 'no test split: accuracy is measured on the validation split');

  const rng = new Rng(config.seed);
  const cache = new ImageCache(input.cacheBytes !== undefined ? { maxBytes: input.cacheBytes } : undefined);
  const onSkip = ({ path, reason }: { path: string; reason: string }) => log('warn', `skipped ${path}: ${reason}`);
  const trainLoader = new DataLoader(train, { imgSize: config.imgSize, batchSize: config.batchSize, training: true, shuffle: true, dropLast: train.length > config.batchSize, rng, seed: `${config.seed}:train`, cache, onSkip });
  const testLoader = new DataLoader(test, { imgSize: config.imgSize, batchSize: config.batchSize, training: false, shuffle: false, rng, seed: `${config.seed}:test`, cache, onSkip });

  const model = createModel(config.model, {
    numClasses: classes.length,
    backbone: config.backbone,
    imgSize: config.imgSize,
    boxThreshold: config.boxThreshold,
    diversityWeight: config.diversityWeight,
    seed: config.seed,
  });
  const optimizer = new SgdOptimizer(model.parameters(), { momentum: config.momentum, weightDecay: config.weightDecay });
  try {
    let position = initialPosition(rng.getState());
    if (input.resume) {
      if (!runDir || !hasCheckpoint(checkpointPaths(runDir).latest)) throw new Error('this run has no checkpoint to resume from');
      position = await loadCheckpoint(checkpointPaths(runDir).latest, model, optimizer);
      log('info', `resumed from the checkpoint after epoch ${position.epoch}${position.batchesDone > 0 ? ` + ${position.batchesDone} batches` : ''}`);
    }
    const callbacks: TrainingCallback[] = [...(input.callbacks ?? [])];
    if (runDir) callbacks.push(checkpointCallback(runDir, input.onCheckpoint));
    if (runDir && input.gallery !== false) callbacks.push(galleryCallback({ runDir, samples: test, split: evaluationSplit, options: input.gallery, cache }));
    if (config.earlyStopPatience > 0) callbacks.push(earlyStoppingCallback(config.earlyStopPatience));

    const context: TrainingContext = { config, model, optimizer, classes, runDir, log, requestStop: () => undefined };
    const result = await fit({ context, trainLoader, testLoader, callbacks, control, position });
    const skipped = trainLoader.skipped.length + testLoader.skipped.length;
    if (skipped > 0) log('warn', `${skipped} images could not be decoded and were skipped`);
    const summary = result.status === 'completed' ? buildSummary(result, classes, (performance.now() - started) / 1000) : null;
    return { fit: result, summary };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}
