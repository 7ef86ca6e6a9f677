// Training throughput of one model on the active backend: warm-up steps, then the median of timed steps
// of the very step the trainer runs (forward, all losses, gradients, SGD update) on a fixed random batch.
import * as tf from '@tensorflow/tfjs-core';
import type { BackboneName, ModelName } from '../../../shared/config';
import { Rng } from '../../../shared/random';
import { createModel } from '../models/registry';
import { SgdOptimizer } from '../optim/sgd';
import { trainStep } from '../training/train-step';

export interface TrainBenchmarkOptions {
  model: ModelName;
  backbone: BackboneName;
  imgSize: number;
  batchSize: number;
  classes: number;
  steps: number;
  warmup: number;
}

export interface TrainBenchmarkResult extends TrainBenchmarkOptions {
  stepMedianSeconds: number;
  stepSeconds: number[];
  trainImgPerSec: number;
  parameters: number;
  /** Tensors alive after the timed steps minus before: 0 when nothing leaks. */
  tensorGrowth: number;
}

export function runTrainBenchmark(options: TrainBenchmarkOptions): TrainBenchmarkResult {
  const rng = new Rng(0);
  const model = createModel(options.model, {
    numClasses: options.classes,
    backbone: options.backbone,
    imgSize: options.imgSize,
    boxThreshold: 0.2,
    diversityWeight: 1,
    seed: 0,
  });
  const optimizer = new SgdOptimizer(model.parameters(), { momentum: 0.9, weightDecay: 1e-4 });
  try {
    const variables = model.parameters().map((p) => p.variable);
    const images = Float32Array.from({ length: options.batchSize * options.imgSize * options.imgSize * 3 }, () => rng.normal());
    const labels = Int32Array.from({ length: options.batchSize }, () => rng.int(options.classes));
    const batch = { images, labels, size: options.batchSize };
    const lr = { head: 0.01, backbone: 0.001 };
    for (let i = 0; i < options.warmup; i++) trainStep(model, optimizer, variables, batch, options.imgSize, lr);
    const before = tf.memory().numTensors;
    const stepSeconds: number[] = [];
    for (let i = 0; i < options.steps; i++) {
      const start = performance.now();
      trainStep(model, optimizer, variables, batch, options.imgSize, lr);
      stepSeconds.push((performance.now() - start) / 1000);
    }
    const tensorGrowth = tf.memory().numTensors - before;
    const sorted = [...stepSeconds].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    const parameters = model.parameters().reduce((sum, p) => sum + p.variable.size, 0);
    return { ...options, stepMedianSeconds: median, stepSeconds, trainImgPerSec: options.batchSize / median, parameters, tensorGrowth };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}
