// Class activation maps in closed form (== Grad-CAM) and the crop boxes they define.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { boxFromMap, classActivationMap, cropToBoxes } from '../../../main/trainer/models/cam';
import { randomNormal, useCpuBackend, values } from './setup';

beforeAll(useCpuBackend);

/** Grad-CAM the long way: gradient of each image's class score w.r.t. conv5, averaged over space. */
function gradCam(conv5: tf.Tensor4D, weights: tf.Tensor2D, bias: tf.Tensor1D, classes: number[]): tf.Tensor3D {
  return tf.tidy(() => {
    const [b, h, w] = conv5.shape;
    const select = tf.oneHot(tf.tensor1d(classes, 'int32'), weights.shape[1]);
    const score = (a: tf.Tensor) => tf.sum(tf.mul(tf.add(tf.matMul(tf.mean(a, [1, 2]) as tf.Tensor2D, weights), bias), select));
    const grads = tf.grad(score)(conv5);
    const alpha = tf.mean(grads, [1, 2]); // [B, K]
    const cam = tf.relu(tf.sum(tf.mul(conv5, tf.reshape(alpha, [b, 1, 1, -1])), 3));
    const min = tf.min(cam, [1, 2], true);
    const max = tf.max(cam, [1, 2], true);
    return tf.reshape(tf.div(tf.sub(cam, min), tf.sub(max, min)), [b, h, w]) as tf.Tensor3D;
  });
}

describe('classActivationMap', () => {
  it('equals Grad-CAM computed with tf.grad (GAP + linear head)', () => {
    tf.tidy(() => {
      const conv5 = tf.relu(randomNormal([3, 5, 4, 16], 11)) as tf.Tensor4D;
      const weights = randomNormal([16, 4], 12) as tf.Tensor2D;
      const bias = randomNormal([4], 13) as tf.Tensor1D;
      const classes = [2, 0, 3];
      const closed = classActivationMap(conv5, weights, tf.tensor1d(classes, 'int32'));
      const reference = gradCam(conv5, weights, bias, classes);
      expect(closed.shape).toEqual([3, 5, 4]);
      expect(tf.max(tf.abs(tf.sub(closed, reference))).dataSync()[0]).toBeLessThan(1e-5);
      // non-degenerate maps: each spans [0, 1]
      expect(values(tf.max(closed, [1, 2]))).toEqual([1, 1, 1]);
      expect(values(tf.min(closed, [1, 2]))).toEqual([0, 0, 0]);
    });
  });

  it('accepts float class indices and gives a zero map when nothing is positive', () => {
    tf.tidy(() => {
      const conv5 = tf.ones([1, 2, 2, 3]) as tf.Tensor4D;
      const weights = tf.tensor2d([[-1, 1], [-1, 1], [-1, 1]]);
      const map = classActivationMap(conv5, weights, tf.tensor1d([0], 'float32'));
      expect(values(map)).toEqual([0, 0, 0, 0]);
    });
  });
});

describe('boxFromMap', () => {
  it('gives the tight box around the pixels at or above the threshold, or the whole image', () => {
    tf.tidy(() => {
      const block = tf.buffer([4, 8, 8], 'float32');
      for (let y = 2; y <= 4; y++) for (let x = 3; x <= 6; x++) block.set(1, 0, y, x);
      block.set(0.5, 0, 7, 0); // exactly at the threshold: included
      block.set(0.49, 0, 0, 7); // just below: excluded
      // image 1: all zero → whole image; image 2: a single pixel → degenerate → whole image
      block.set(1, 2, 5, 5);
      // image 3: a full-width band on rows 1..6
      for (let y = 1; y <= 6; y++) for (let x = 0; x < 8; x++) block.set(1, 3, y, x);
      const boxes = boxFromMap(block.toTensor() as tf.Tensor3D, 0.5, 8);
      expect(boxes.shape).toEqual([4, 4]);
      const got = boxes.arraySync();
      const expected = [
        [2 / 7, 0, 7 / 7, 6 / 7],
        [0, 0, 1, 1],
        [0, 0, 1, 1],
        [1 / 7, 0, 6 / 7, 1],
      ];
      got.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i][j], 6)));
    });
  });

  it('upsamples the map (bilinear, align corners) to the input size first', () => {
    tf.tidy(() => {
      // 2×2 → 5×5 with align corners: value (1 − i/4)(1 − j/4); ≥ 0.5 on rows 0..2, cols 0..2
      const map = tf.tensor3d([[[1, 0], [0, 0]]]);
      const box = boxFromMap(map, 0.5, 5).arraySync()[0];
      [0, 0, 0.5, 0.5].forEach((v, j) => expect(box[j]).toBeCloseTo(v, 6));
      // non-square inputs
      const wide = boxFromMap(map, 0.5, [5, 9]).arraySync()[0];
      [0, 0, 0.5, 4 / 8].forEach((v, j) => expect(wide[j]).toBeCloseTo(v, 6));
    });
  });
});

describe('cropToBoxes', () => {
  it('crops the box (pixel centres, inclusive) and resizes it back to the input size', () => {
    tf.tidy(() => {
      // pixel value = its row index
      const rows = tf.tile(tf.reshape(tf.range(0, 8, 1, 'float32'), [1, 8, 1, 1]), [2, 1, 8, 3]) as tf.Tensor4D;
      const boxes = tf.tensor2d([
        [2 / 7, 0, 4 / 7, 1],
        [0, 0, 1, 1],
      ]);
      const crops = cropToBoxes(rows, boxes);
      expect(crops.shape).toEqual([2, 8, 8, 3]);
      const column = (b: number) => values(tf.slice(crops, [b, 0, 0, 0], [1, 8, 1, 1]));
      column(0).forEach((v, i) => expect(v).toBeCloseTo(2 + (2 * i) / 7, 5));
      column(1).forEach((v, i) => expect(v).toBeCloseTo(i, 5));
    });
  });
});
