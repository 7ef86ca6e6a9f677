import { it, expect } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
it('grad', async () => {
  await tf.setBackend('cpu');
  const g = tf.grad((x: tf.Tensor) => tf.neg(tf.sum(x)))(tf.ones([2]));
  expect(Array.from(g.dataSync())).toEqual([-1, -1]);
});
