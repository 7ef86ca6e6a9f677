// Pooling: global average / max over the spatial axes, and PyTorch-style max pooling.
import * as tf from '@tensorflow/tfjs-core';
import { torchPad } from './padding';

/** Mean over H and W: [B, H, W, C] → [B, C]. */
export function globalAvgPool(x: tf.Tensor4D): tf.Tensor2D {
  return tf.mean(x, [1, 2]);
}

/** Max over H and W: [B, H, W, C] → [B, C]. */
export function globalMaxPool(x: tf.Tensor4D): tf.Tensor2D {
  return tf.max(x, [1, 2]);
}

/** nn.MaxPool2d(kernel, stride, padding): padded positions never win (−∞ padding). */
export function maxPool2d(x: tf.Tensor4D, kernel: number, stride: number, padding: number): tf.Tensor4D {
  return tf.tidy(() => {
    const { x: input, pad } = torchPad(x, kernel, stride, padding, Number.NEGATIVE_INFINITY);
    return tf.maxPool(input, kernel, stride, pad);
  });
}
