// Grad-CAM, Grad-CAM++ and closed-form CAM: agreement on GAP + linear heads, a hand-computed Grad-CAM++ case,
// the maps' range and size, every registered model and both target layers, and no tensor leak.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL_NAMES } from '../../../shared/config';
import { classActivationMaps, createCamMethod, explainBatch, GradCam, GradCamPlusPlus } from '../../../main/trainer/explain';
import type { ClassifierModel } from '../../../main/trainer/models/types';
import { maxAbsDiff, randomImages, tinyModel, useBackend } from './helpers';

beforeAll(useBackend);

// Two channels on a 2×2 map, with gradients chosen by hand (positive, negative and zero).
//   A0 = [1 2; 3 4] (ΣA0 = 10)   g0 = [0.5 -1; 0 2]
//   A1 = [0 1; 1 0] (ΣA1 = 2)    g1 = [1 1; 1 1]
const activation = () => tf.tensor4d([1, 0, 2, 1, 3, 1, 4, 0], [1, 2, 2, 2]);
const gradients = () => tf.tensor4d([0.5, 1, -1, 1, 0, 1, 2, 1], [1, 2, 2, 2]);
const noClassWeights = () => {
  throw new Error('not used');
};

describe('CAM methods on a hand-computed case', () => {
  it('Grad-CAM++ weighs each channel by Σ α·ReLU(g), α = g² / (2g² + ΣA·g³)', () => {
    // Channel 0: (0.5) α = 0.25 / (0.5 + 10·0.125) = 1/7 → 1/7·0.5 = 1/14; (−1) ReLU(g) = 0; (0) no gradient;
    //            (2) α = 4 / (8 + 10·8) = 1/22 → 1/22·2 = 1/11.          w0 = 1/14 + 1/11 = 25/154
    // Channel 1: every pixel α = 1 / (2 + 2·1) = 1/4 → w1 = 4 · 1/4 · 1 = 1
    // Map = ReLU(w0·A0 + w1·A1) = [25/154, 50/154 + 1, 75/154 + 1, 100/154]
    const map = tf.tidy(() => new GradCamPlusPlus().map({ activation: activation(), gradients: gradients(), classWeights: noClassWeights }));
    const expected = [25 / 154, 50 / 154 + 1, 75 / 154 + 1, 100 / 154];
    expect(map.shape).toEqual([1, 2, 2]);
    Array.from(map.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
    map.dispose();
  });

  it('Grad-CAM weighs each channel by the mean gradient', () => {
    // w0 = (0.5 − 1 + 0 + 2) / 4 = 0.375, w1 = 1 → [0.375, 1.75, 2.125, 1.5]
    const map = tf.tidy(() => new GradCam().map({ activation: activation(), gradients: gradients(), classWeights: noClassWeights }));
    Array.from(map.dataSync()).forEach((v, i) => expect(v).toBeCloseTo([0.375, 1.75, 2.125, 1.5][i], 6));
    map.dispose();
  });

  it('knows its methods by name and rejects others', () => {
    expect(createCamMethod('gradcam++').name).toBe('gradcam++');
    expect(createCamMethod('cam').usesGradients).toBe(false);
    expect(() => createCamMethod('scorecam' as never)).toThrow(/Unknown CAM method/);
  });
});

describe.each(MODEL_NAMES)('class activation maps of %s', (name) => {
  let model: ClassifierModel;
  let images: tf.Tensor4D;
  beforeAll(() => {
    model = tinyModel(name);
    images = randomImages(3, 32, 5);
  });
  afterAll(() => {
    model.dispose();
    images.dispose();
  });

  it('Grad-CAM equals the closed-form CAM on the GAP + linear head (conv5), for every network', () => {
    tf.tidy(() => {
      const grad = classActivationMaps(model, images, { method: 'gradcam' });
      const closed = classActivationMaps(model, images, { method: 'cam' });
      expect(grad.names).toEqual(name === 'mgecnn' ? ['expert1', 'expert2', 'expert3'] : ['backbone']);
      expect(Array.from(grad.classes.dataSync())).toEqual(Array.from(closed.classes.dataSync()));
      grad.maps.forEach((map, t) => expect(maxAbsDiff(map, closed.maps[t])).toBeLessThan(1e-4));
    });
  });

  it('gives maps in [0, 1] of the image size, for every method and layer, for chosen or predicted classes', () => {
    tf.tidy(() => {
      for (const method of ['gradcam', 'gradcam++', 'cam'] as const) {
        for (const layer of method === 'cam' ? (['conv5'] as const) : (['conv5', 'conv4'] as const)) {
          const { maps, classes } = classActivationMaps(model, images, { method, layer, classes: [0, 3, 1] });
          expect(Array.from(classes.dataSync())).toEqual([0, 3, 1]);
          for (const map of maps) {
            expect(map.shape).toEqual([3, 32, 32]);
            expect(tf.min(map).dataSync()[0]).toBeGreaterThanOrEqual(0);
            expect(tf.max(map).dataSync()[0]).toBeLessThanOrEqual(1);
          }
        }
      }
      const predicted = classActivationMaps(model, images);
      const expected = tf.argMax(model.forward(images, { training: false }).final, 1);
      expect(Array.from(predicted.classes.dataSync())).toEqual(Array.from(expected.dataSync()));
    });
  });

  it('explains different classes differently and refuses the closed form away from conv5', () => {
    tf.tidy(() => {
      const a = classActivationMaps(model, images, { classes: [0, 0, 0] }).maps[0];
      const b = classActivationMaps(model, images, { classes: [1, 1, 1] }).maps[0];
      expect(maxAbsDiff(a, b)).toBeGreaterThan(1e-3);
      expect(() => classActivationMaps(model, images, { method: 'cam', layer: 'conv4' })).toThrow(/only defined at conv5/);
      expect(() => classActivationMaps(model, images, { classes: [0] })).toThrow(/1 classes given for 3 images/);
    });
  });
});

describe('tensor hygiene', () => {
  it('leaks no tensor across 100 calls (MGE-CNN, Grad-CAM and Grad-CAM++)', () => {
    const model = tinyModel('mgecnn');
    const images = randomImages(1, 32, 9);
    const run = (i: number) => {
      const { maps, classes } = classActivationMaps(model, images, { method: i % 2 === 0 ? 'gradcam' : 'gradcam++' });
      tf.dispose([...maps, classes]);
    };
    run(0); // first call may create lazily cached constants in the backend
    const before = tf.memory().numTensors;
    for (let i = 0; i < 100; i++) run(i);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    images.dispose();
  });

  it('leaves no tensor behind in explainBatch (maps, composite, inputs, downloads)', async () => {
    const model = tinyModel('mgecnn');
    const images = randomImages(2, 32, 10);
    await explainBatch(model, images);
    const before = tf.memory().numTensors;
    for (const method of ['gradcam', 'gradcam++', 'cam'] as const) {
      const e = await explainBatch(model, images, { method, classes: [1, 2] });
      expect(e.classes).toEqual([1, 2]);
      expect(e.modelMap).toHaveLength(2 * 32 * 32);
      expect(e.streams.map((s) => s.input.length)).toEqual([6144, 6144, 6144]);
    }
    const light = await explainBatch(model, images, { maps: false, keepInputs: false });
    expect([light.modelMap.length, light.streams[0].map.length, light.streams[0].input.length]).toEqual([0, 0, 0]);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    images.dispose();
  });
});
