// PyTorch-style symmetric padding for convolutions and pooling.
//
// PyTorch pads `p` pixels on every side; TensorFlow's 'same' pads (total / 2) before and the rest
// after, which for stride 2 on even inputs differs from PyTorch (e.g. 0 before / 1 after for a 3×3
// kernel). Not every backend accepts explicit paddings (tfjs-node only 'same' and 'valid'), so we
// use 'same' or 'valid' when they are exactly PyTorch's padding, and an explicit tf.pad otherwise.
import * as tf from '@tensorflow/tfjs-core';

export type TfPad = 'same' | 'valid';

/** TensorFlow 'same' padding [before, after] along one axis. */
export function samePadding(size: number, kernel: number, stride: number): [number, number] {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + kernel - size, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/**
 * Prepares `x` for a window op (kernel k, stride s) with PyTorch padding p on every side.
 * Returns the input to feed the op (padded with `padValue` when needed) and the tf padding mode.
 */
export function torchPad(x: tf.Tensor4D, kernel: number, stride: number, padding: number, padValue = 0): { x: tf.Tensor4D; pad: TfPad } {
  if (padding === 0) return { x, pad: 'valid' };
  const [, h, w] = x.shape;
  const [top, bottom] = samePadding(h, kernel, stride);
  const [left, right] = samePadding(w, kernel, stride);
  if (top === padding && bottom === padding && left === padding && right === padding) return { x, pad: 'same' };
  const padded = tf.pad(
    x,
    [
      [0, 0],
      [padding, padding],
      [padding, padding],
      [0, 0],
    ],
    padValue,
  );
  return { x: padded, pad: 'valid' };
}
