// Pooling: global average / max over the spatial axes, and PyTorch-style max pooling.
import * as tf from '@tensorflow/tfjs-core';
import { torchPad } from './padding';

/** Mean over H and W: [B, H, W, C] → [B, C]. */
export function globalAvgPool(x: tf.Tensor4D): tf.Tensor2D {
  return tf.mean(x, [1, 2]);
}

/**
 * Max over H and W: [B, H, W, C] → [B, C]. The gradient goes to every position equal to the maximum (as
 * tf.max's does) but is built from tiles and a same-shape Equal: tf.max's own gradient is a broadcast
 * Equal and MaxPoolGrad is a window loop, both of which wasm runs slowly (together a third of an MGE-CNN
 * step over the 10·C part maps).
 */
export function globalMaxPool(x: tf.Tensor4D): tf.Tensor2D {
  return globalMaxWithGradient(x) as tf.Tensor2D;
}

const globalMaxWithGradient = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
  const maxima = tf.max(x, [1, 2]);
  save([x, maxima]);
  return {
    value: maxima,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [input, max] = saved as [tf.Tensor4D, tf.Tensor2D];
      const [batch, height, width, channels] = input.shape;
      const spread = (t: tf.Tensor) => tf.tile(tf.reshape(t, [batch, 1, 1, channels]), [1, height, width, 1]);
      return tf.mul(tf.cast(tf.equal(input, spread(max)), 'float32'), spread(dy));
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]);

/** nn.MaxPool2d(kernel, stride, padding): padded positions never win (−∞ padding). */
export function maxPool2d(x: tf.Tensor4D, kernel: number, stride: number, padding: number): tf.Tensor4D {
  return tf.tidy(() => {
    const { x: input, pad } = torchPad(x, kernel, stride, padding, Number.NEGATIVE_INFINITY);
    return tf.maxPool(input, kernel, stride, pad);
  });
}
