import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../main/trainer/backend';
import { globalMaxPool } from '../../../main/trainer/nn';

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('globalMaxPool', () => {
  it('equals tf.max over H and W, with the same gradient', () => {
    const x = tf.tensor4d([1, 5, 3, 2, 5, 0, 4, 4, -1, 2, 7, 7, 0, 1, 2, 3], [2, 2, 2, 2]);
    const upstream = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const ours = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(globalMaxPool(t as tf.Tensor4D), upstream)));
    const reference = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.max(t, [1, 2]), upstream)));
    expect(globalMaxPool(x).arraySync()).toEqual(tf.max(x, [1, 2]).arraySync());
    expect(ours(x).arraySync()).toEqual(reference(x).arraySync());
  });
});
