// One SGD step on one batch: forward, every loss term, gradients of every parameter, update.
// Shared by the training loop and the benchmark, so both measure the same work.
import * as tf from '@tensorflow/tfjs-core';
import type { ClassifierModel } from '../models/types';
import type { LearningRates, SgdOptimizer } from '../optim/sgd';

export interface StepBatch {
  images: Float32Array;
  labels: Int32Array;
  size: number;
}

export interface StepResult {
  /** "total" and every named term of the model's loss. */
  lossValues: Record<string, number>;
  /** Correct final predictions in the batch. */
  correct: number;
}

export function trainStep(model: ClassifierModel, optimizer: SgdOptimizer, variables: tf.Variable[], batch: StepBatch, imgSize: number, lr: LearningRates): StepResult {
  let termNames: string[] = [];
  let kept: tf.Tensor[] = [];
  const { value, grads } = tf.tidy(() => {
    const images = tf.tensor4d(batch.images, [batch.size, imgSize, imgSize, 3]);
    const labels = tf.tensor1d(batch.labels, 'int32');
    return tf.variableGrads(() => {
      const output = model.forward(images, { training: true, labels });
      const { total, terms } = model.loss(output, labels);
      termNames = Object.keys(terms);
      // Kept past variableGrads's own tidy so the terms can be logged without a second forward pass.
      const termVector = tf.keep(tf.stack(termNames.map((n) => terms[n])));
      const correct = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(output.final, 1), labels), 'int32')));
      kept = [termVector, correct];
      return total;
    }, variables);
  });
  optimizer.step(grads, lr);
  const total = value.dataSync()[0];
  const termValues = kept[0].dataSync();
  const correct = kept[1].dataSync()[0];
  tf.dispose([value, ...Object.values(grads), ...kept]);
  const lossValues: Record<string, number> = { total };
  termNames.forEach((name, i) => (lossValues[name] = termValues[i]));
  return { lossValues, correct };
}
