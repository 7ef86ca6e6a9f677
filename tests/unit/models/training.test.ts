// Training behaviour: overfitting one batch, and no tensor leaks across steps and evaluations.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createModel } from '../../../main/trainer/models/registry';
import type { ClassifierModel } from '../../../main/trainer/models/types';
import { accuracy, randomImages, TinySgd, tinyConfig, useCpuBackend } from './setup';

beforeAll(useCpuBackend);

/** Runs `steps` SGD steps; returns the losses and the tensor count after steps 2 and `steps`. */
function train(model: ClassifierModel, images: tf.Tensor4D, labels: tf.Tensor1D, steps: number, lr: number): { losses: number[]; tensorsAfter2: number; tensorsAtEnd: number } {
  const sgd = new TinySgd(model, lr, 0.9);
  const losses: number[] = [];
  let tensorsAfter2 = -1;
  for (let i = 1; i <= steps; i++) {
    losses.push(sgd.step(images, labels));
    if (i === 2) tensorsAfter2 = tf.memory().numTensors;
  }
  const tensorsAtEnd = tf.memory().numTensors;
  sgd.dispose();
  return { losses, tensorsAfter2, tensorsAtEnd };
}

describe('training', () => {
  it('baseline overfits one batch (4 images, 3 classes) to 100% train accuracy, without leaking tensors', () => {
    const model = createModel('baseline', tinyConfig());
    const images = randomImages(4, 32, 21);
    const labels = tf.tensor1d([0, 1, 2, 0], 'int32');
    const { losses, tensorsAfter2, tensorsAtEnd } = train(model, images, labels, 12, 0.05);
    expect(losses[0]).toBeGreaterThan(0.8);
    expect(losses[losses.length - 1]).toBeLessThan(0.1 * losses[0]);
    expect(tf.tidy(() => accuracy(model.forward(images, { training: true, labels }).final, labels))).toBe(1);
    expect(tensorsAtEnd).toBe(tensorsAfter2);
    model.dispose();
  });

  it('mgecnn: the loss decreases clearly over a few SGD steps on one batch, without leaking tensors', () => {
    const model = createModel('mgecnn', tinyConfig());
    const images = randomImages(2, 32, 22);
    const labels = tf.tensor1d([0, 2], 'int32');
    const { losses, tensorsAfter2, tensorsAtEnd } = train(model, images, labels, 6, 0.01);
    expect(Math.min(...losses.slice(-2))).toBeLessThan(0.8 * losses[0]);
    expect(tensorsAtEnd).toBe(tensorsAfter2);
    model.dispose();
  });

  for (const name of ['baseline', 'mgecnn'] as const) {
    it(`${name}: evaluation forwards do not leak, inside or outside tf.tidy`, () => {
      const model = createModel(name, tinyConfig());
      const images = randomImages(2, 32, 23);
      const before = tf.memory().numTensors;
      const evaluate = () => tf.tidy(() => model.forward(images, { training: false, keepInputs: true }).final.dataSync());
      evaluate();
      evaluate();
      const after2 = tf.memory().numTensors;
      evaluate();
      evaluate();
      evaluate();
      expect(tf.memory().numTensors).toBe(after2);
      expect(after2).toBe(before);
      // Outside tidy, the output holds the only new tensors.
      const out = model.forward(images, { training: false, keepInputs: true });
      const labels = tf.tensor1d([0, 1], 'int32');
      const loss = model.loss(out, labels);
      tf.dispose([loss.total, ...Object.values(loss.terms), labels]);
      tf.dispose([...Object.values(out.logits), out.final, ...out.experts, out.gateWeights ?? [], out.boxes ?? [], ...(out.expertInputs ?? [])]);
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
    });
  }
});
