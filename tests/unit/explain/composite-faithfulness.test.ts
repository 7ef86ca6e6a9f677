// The whole model's map (experts' maps carried back into image coordinates) and the deletion test.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { blurImages, blurMasked, composeBoxes, compositeMap, confidenceDrop, inverseBoxes, topRegionMask } from '../../../main/trainer/explain';
import { maxAbsDiff, randomImages, tinyModel, useBackend } from './helpers';

beforeAll(useBackend);

describe('box algebra', () => {
  it('composes nested crops and inverts a crop', () => {
    tf.tidy(() => {
      const outer = tf.tensor2d([[0.2, 0.4, 0.6, 1.0]]);
      const inner = tf.tensor2d([[0.5, 0, 1, 0.5]]);
      expect(Array.from(composeBoxes(outer, inner).dataSync())).toEqual([0.4, 0.4, 0.6, 0.7].map((v) => expect.closeTo(v, 6)));
      expect(maxAbsDiff(composeBoxes(tf.tensor2d([[0, 0, 1, 1]]), inner), inner)).toBe(0);
      // The inverse of a crop, composed after it, is the whole parent frame.
      expect(maxAbsDiff(composeBoxes(outer, inverseBoxes(outer)), tf.tensor2d([[0, 0, 1, 1]]))).toBeLessThan(1e-6);
    });
  });
});

describe('compositeMap', () => {
  it('is the map itself for one network', () => {
    tf.tidy(() => {
      const map = tf.randomUniform([2, 8, 8]) as tf.Tensor3D;
      expect(maxAbsDiff(compositeMap([map]), map)).toBe(0);
    });
  });

  it('puts a later expert’s map back where its crop came from, weighted by the gate', () => {
    tf.tidy(() => {
      const size = 17; // pixel centres at multiples of 1/16
      const expert1 = tf.zeros([1, size, size]) as tf.Tensor3D;
      const expert2 = tf.ones([1, size, size]) as tf.Tensor3D; // everything expert 2 saw is evidence
      const boxes = tf.tensor3d([[[0.25, 0.5, 0.75, 1]]]); // expert 1 passed on rows 4..12, columns 8..16
      const gate = tf.tensor2d([[0.3, 0.7]]);
      const map = compositeMap([expert1, expert2], boxes, gate).arraySync()[0];
      expect(map[8][12]).toBeCloseTo(1, 5); // inside the crop
      expect(map[4][8]).toBeCloseTo(1, 5); // its corner
      expect(map[0][0]).toBe(0); // outside
      expect(map[8][4]).toBe(0);
      expect(map[14][12]).toBe(0);
    });
  });
});

describe('deletion test', () => {
  it('masks exactly the top share of pixels, ties broken by position', () => {
    const maps = new Float32Array([0.9, 0.1, 0.5, 0.5, 0, 0, 0, 0]);
    expect(Array.from(topRegionMask(maps, 2, 2, 2, 0.5))).toEqual([1, 0, 1, 0, 1, 1, 0, 0]);
    expect(() => topRegionMask(maps, 2, 2, 2, 1)).toThrow(/between 0 and 1/);
  });

  it('blurs only the masked pixels', () => {
    tf.tidy(() => {
      const images = randomImages(1, 16, 3);
      const mask = tf.tensor3d(Array.from({ length: 256 }, (_, p) => (p < 128 ? 1 : 0)), [1, 16, 16]);
      const out = blurMasked(images, mask);
      const blurred = blurImages(images);
      expect(maxAbsDiff(tf.slice(out, [0, 8, 0, 0], [1, 8, 16, 3]), tf.slice(images, [0, 8, 0, 0], [1, 8, 16, 3]))).toBe(0);
      expect(maxAbsDiff(tf.slice(out, [0, 0, 0, 0], [1, 8, 16, 3]), tf.slice(blurred, [0, 0, 0, 0], [1, 8, 16, 3]))).toBe(0);
      // a strong low-pass: far less variance than the noise it replaced
      expect(tf.moments(blurred).variance.dataSync()[0]).toBeLessThan(tf.moments(images).variance.dataSync()[0] / 4);
    });
  });

  it('reports the class probability before and after blurring the region', async () => {
    const model = tinyModel('baseline');
    const images = randomImages(2, 32, 4);
    const maps = new Float32Array(2 * 32 * 32).map((_, p) => (p % 1024) / 1024);
    const before = tf.tidy(() => Array.from(tf.softmax(model.forward(images, { training: false }).final).arraySync(), (row) => row[1]));
    const numTensors = tf.memory().numTensors;
    const drops = await confidenceDrop(model, images, maps, [1, 1], before, 0.2);
    expect(tf.memory().numTensors).toBe(numTensors);
    const mask = tf.tensor3d(topRegionMask(maps, 2, 32, 32, 0.2), [2, 32, 32]);
    const after = tf.tidy(() => Array.from(tf.softmax(model.forward(blurMasked(images, mask), { training: false }).final).arraySync(), (row) => row[1]));
    drops.forEach((d, i) => {
      expect(d.before).toBe(before[i]);
      expect(d.after).toBeCloseTo(after[i], 6);
      expect(d.drop).toBeCloseTo(before[i] - after[i], 6);
    });
    tf.dispose([mask, images]);
    model.dispose();
  });
});
