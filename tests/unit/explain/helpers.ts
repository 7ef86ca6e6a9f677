// Shared set-up of the explain tests: the wasm backend (or $MGE_TEST_BACKEND) with gradients, tiny models and seeded images.
import * as tf from '@tensorflow/tfjs-core';
import type { ModelName } from '../../../shared/config';
import { Rng } from '../../../shared/random';
import { selectBackend } from '../../../main/trainer/backend';
import { createModel } from '../../../main/trainer/models/registry';
import type { ClassifierModel } from '../../../main/trainer/models/types';

export async function useBackend(): Promise<void> {
  await selectBackend((process.env.MGE_TEST_BACKEND as 'cpu' | 'wasm' | undefined) ?? 'wasm');
}

export function tinyModel(name: ModelName, overrides: { numClasses?: number; seed?: number; imgSize?: number } = {}): ClassifierModel {
  return createModel(name, { numClasses: overrides.numClasses ?? 4, backbone: 'resnet-tiny', imgSize: overrides.imgSize ?? 32, boxThreshold: 0.2, diversityWeight: 1, seed: overrides.seed ?? 0 });
}

/** Seeded standard-normal images [n, size, size, 3] (about the range of ImageNet-normalised pixels). */
export function randomImages(n: number, size: number, seed = 1): tf.Tensor4D {
  const rng = new Rng(seed);
  const values = new Float32Array(n * size * size * 3);
  for (let i = 0; i < values.length; i++) values[i] = rng.normal();
  return tf.tensor4d(values, [n, size, size, 3]);
}

export function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}
