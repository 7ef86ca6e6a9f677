// Weight initialisers drawn from the seeded Rng on the CPU, so that initial weights are
// bit-identical on every backend (tfjs' own random ops differ between backends).
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../../shared/random';

/** A tensor of independent N(0, std²) draws from `rng`. */
export function normalTensor(rng: Rng, shape: number[], std: number): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = rng.normal() * std;
  return tf.tensor(values, shape, 'float32');
}

/** He (Kaiming) normal initialisation for layers followed by ReLU: std = sqrt(2 / fan). */
export function heNormal(rng: Rng, shape: number[], fan: number): tf.Tensor {
  return normalTensor(rng, shape, Math.sqrt(2 / fan));
}
