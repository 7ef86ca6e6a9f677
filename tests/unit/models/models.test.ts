// The model registry, the baseline and MGE-CNN: outputs, parameters, loss at init, seeding, crop chain.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL_NAMES } from '../../../shared/config';
import { boxFromMap, classActivationMap, cropToBoxes } from '../../../main/trainer/models/cam';
import type { MgeCnnModel } from '../../../main/trainer/models/mgecnn';
import { createModel, listModels } from '../../../main/trainer/models/registry';
import type { ClassifierModel, ForwardOutput } from '../../../main/trainer/models/types';
import { randomImages, tinyConfig, useCpuBackend, values } from './setup';

beforeAll(useCpuBackend);

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

function lossValues(model: ClassifierModel, images: tf.Tensor4D, labels: tf.Tensor1D, training: boolean): Record<string, number> {
  return tf.tidy(() => {
    const { total, terms } = model.loss(model.forward(images, { training, labels }), labels);
    const out: Record<string, number> = { total: total.dataSync()[0] };
    for (const [name, term] of Object.entries(terms)) out[name] = term.dataSync()[0];
    return out;
  });
}

describe('registry', () => {
  it('lists the models and rejects unknown names and invalid configs', () => {
    expect(listModels()).toEqual(MODEL_NAMES);
    expect(() => createModel('nope' as never, tinyConfig())).toThrow(/Unknown model "nope"/);
    expect(() => createModel('baseline', tinyConfig({ numClasses: 1 }))).toThrow(/numClasses/);
    expect(() => createModel('mgecnn', tinyConfig({ boxThreshold: 1.5 }))).toThrow(/boxThreshold/);
    expect(() => createModel('baseline', tinyConfig({ backbone: 'vgg' as never }))).toThrow(/backbone/);
  });
});

describe('baseline', () => {
  for (const backbone of ['resnet-tiny', 'resnet18', 'mobilenetv2'] as const) {
    it(`${backbone}: one "logits" head, reported as "final"; loss at init ≈ ln C`, () => {
      const model = createModel('baseline', tinyConfig({ backbone, numClasses: 5 }));
      expect(model.name).toBe('baseline');
      expect(model.reportedHeads).toEqual(['final']);
      tf.tidy(() => {
        const labels = tf.tensor1d([0, 4], 'int32');
        const out = model.forward(randomImages(2, 32), { training: false });
        expect(Object.keys(out.logits)).toEqual(['logits']);
        expect(out.final.shape).toEqual([2, 5]);
        expect(out.final).toBe(out.logits.logits);
        expect(out.experts).toEqual([]);
        const loss = model.loss(out, labels);
        expect(Object.keys(loss.terms)).toEqual(['ce.logits']);
        expect(Math.abs(loss.total.dataSync()[0] - Math.log(5))).toBeLessThan(0.5);
      });
      const params = model.parameters();
      expect(params.filter((p) => p.group === 'head').map((p) => `${p.name}:${p.decay}`)).toEqual(['classifier.kernel:true', 'classifier.bias:false']);
      expect(params.filter((p) => p.name.startsWith('backbone.')).every((p) => p.group === 'backbone')).toBe(true);
      model.dispose();
    });
  }
});

describe('mgecnn', () => {
  let model: MgeCnnModel;
  const images = randomImages(4, 32, 3);
  const labels = tf.tensor1d([0, 1, 2, 1], 'int32');

  beforeAll(() => {
    model = createModel('mgecnn', tinyConfig({ diversityWeight: 0.5 })) as MgeCnnModel;
  });
  afterAll(() => {
    model.dispose();
  });

  it('has every head, the gate mixture, the boxes and (on request) the experts\' inputs', () => {
    expect(model.reportedHeads).toEqual(['final', 'expert1', 'expert2', 'expert3']);
    tf.tidy(() => {
      const out = model.forward(images, { training: true, labels, keepInputs: true });
      const heads = [1, 2, 3].flatMap((t) => ['logits', 'max', 'cat'].map((h) => `expert${t}.${h}`));
      expect(Object.keys(out.logits).sort()).toEqual([...heads, 'gate'].sort());
      for (const logits of Object.values(out.logits)) expect(logits.shape).toEqual([4, 3]);
      expect(out.final).toBe(out.logits.gate);
      expect(out.experts).toEqual([out.logits['expert1.cat'], out.logits['expert2.cat'], out.logits['expert3.cat']]);
      expect(out.gateWeights!.shape).toEqual([4, 3]);
      values(tf.sum(out.gateWeights!, 1)).forEach((s) => expect(s).toBeCloseTo(1, 5));
      const mixture = tf.sum(tf.mul(tf.stack(out.experts, 2), tf.expandDims(out.gateWeights!, 1)), 2);
      expect(maxAbsDiff(mixture, out.final)).toBeLessThan(1e-6);
      expect(out.boxes!.shape).toEqual([4, 2, 4]);
      const boxes = out.boxes!.arraySync();
      for (const perImage of boxes) {
        for (const [y1, x1, y2, x2] of perImage) {
          expect(0 <= y1 && y1 < y2 && y2 <= 1 && 0 <= x1 && x1 < x2 && x2 <= 1).toBe(true);
        }
      }
      expect(out.expertInputs!.map((t) => t.shape)).toEqual([
        [4, 32, 32, 3],
        [4, 32, 32, 3],
        [4, 32, 32, 3],
      ]);
      expect(maxAbsDiff(out.expertInputs![0], images)).toBe(0);
      const evalOut = model.forward(images, { training: false });
      expect(evalOut.expertInputs).toBeUndefined();
      expect(evalOut.final.shape).toEqual([4, 3]);
    });
  });

  it('names its parameters by expert and gate, with backbone/head groups and decay flags', () => {
    const params = model.parameters();
    expect(new Set(params.map((p) => p.name)).size).toBe(params.length);
    const group = (name: string) => params.find((p) => p.name === name)?.group;
    expect(group('expert1.backbone.layer1.0.conv1.kernel')).toBe('backbone');
    expect(group('gate.backbone.conv1.kernel')).toBe('backbone');
    for (const head of ['classifier', 'partConv', 'partClassifier', 'catClassifier']) {
      for (let t = 1; t <= 3; t++) {
        expect(group(`expert${t}.${head}.kernel`)).toBe('head');
        expect(group(`expert${t}.${head}.bias`)).toBe('head');
      }
    }
    expect(group('gate.fc1.kernel')).toBe('head');
    expect(group('gate.fc2.bias')).toBe('head');
    expect(params.find((p) => p.name === 'expert3.partConv.kernel')!.variable.shape).toEqual([1, 1, 128, 30]);
    expect(params.find((p) => p.name === 'expert2.catClassifier.kernel')!.variable.shape).toEqual([256 + 30, 3]);
    expect(params.find((p) => p.name === 'gate.fc1.kernel')!.variable.shape).toEqual([256, 512]);
    expect(params.find((p) => p.name === 'gate.fc2.kernel')!.variable.shape).toEqual([512, 3]);
    for (const p of params) expect(p.decay).toBe(/\.kernel$/.test(p.name));
    const state = model.state();
    expect(state.size).toBe(params.length + 2 * [...state.keys()].filter((k) => k.endsWith('.runningMean')).length);
    expect(state.has('gate.backbone.layer4.0.bn2.runningMean')).toBe(true);
    expect(state.get('expert2.backbone.bn1.runningVar')!.trainable).toBe(false);
  });

  it('starts with every cross-entropy ≈ ln C and adds the diversity terms with their weight', () => {
    const losses = lossValues(model, images, labels, true);
    const ce = Object.keys(losses).filter((k) => k.startsWith('ce.'));
    expect(ce.sort()).toEqual(['ce.expert1.cat', 'ce.expert1.logits', 'ce.expert1.max', 'ce.expert2.cat', 'ce.expert2.logits', 'ce.expert2.max', 'ce.expert3.cat', 'ce.expert3.logits', 'ce.expert3.max', 'ce.gate']);
    for (const name of ce) expect(Math.abs(losses[name] - Math.log(3))).toBeLessThan(0.5);
    const kl = ['kl.expert1-expert2', 'kl.expert2-expert3'];
    for (const name of kl) expect(losses[name]).toBeGreaterThan(0);
    expect(Object.keys(losses).length).toBe(1 + ce.length + kl.length);
    const expectedTotal = ce.reduce((s, k) => s + losses[k], 0) + 0.5 * (losses[kl[0]] + losses[kl[1]]);
    expect(losses.total).toBeCloseTo(expectedTotal, 4);
  });

  it('is reproducible: same seed → same weights and losses; another seed → different', () => {
    const first = createModel('mgecnn', tinyConfig({ seed: 7 }));
    const second = createModel('mgecnn', tinyConfig({ seed: 7 }));
    const other = createModel('mgecnn', tinyConfig({ seed: 8 }));
    try {
      const [a, b, c] = [first.state(), second.state(), other.state()];
      expect([...b.keys()]).toEqual([...a.keys()]);
      for (const [name, variable] of a) expect(values(b.get(name)!)).toEqual(values(variable));
      const kernels = first.parameters().filter((p) => p.name.endsWith('.kernel'));
      for (const p of kernels) expect(maxAbsDiff(p.variable, c.get(p.name)!)).toBeGreaterThan(0);
      const losses = lossValues(first, images, labels, true);
      expect(lossValues(second, images, labels, true)).toEqual(losses);
      expect(lossValues(other, images, labels, true).total).not.toBe(losses.total);
    } finally {
      first.dispose();
      second.dispose();
      other.dispose();
    }
  });

  /** What expert t's crop box should be, recomputed from its parts. */
  function expectedBox(t: number, input: tf.Tensor4D, training: boolean, classes: tf.Tensor1D | 'predicted'): tf.Tensor2D {
    const expert = model.experts[t];
    const run = expert.run(input, training);
    const cls = classes === 'predicted' ? (tf.argMax(run.logits, 1) as tf.Tensor1D) : classes;
    return boxFromMap(classActivationMap(run.conv5, expert.classifier.kernel as tf.Tensor2D, cls), model.config.boxThreshold, 32);
  }

  function firstBoxes(out: ForwardOutput): tf.Tensor2D {
    return tf.reshape(tf.slice(out.boxes!, [0, 0, 0], [4, 1, 4]), [4, 4]) as tf.Tensor2D;
  }

  it('crops by the ground-truth class in training, by the expert\'s own prediction at test, each from its own input', () => {
    tf.tidy(() => {
      // Labels that differ from expert 1's prediction for every image, so the two choices can differ.
      const trainPred = tf.argMax(model.forward(images, { training: true, labels }).logits['expert1.logits'], 1);
      const other = tf.cast(tf.mod(tf.add(trainPred, 1), 3), 'int32') as tf.Tensor1D;
      const out = model.forward(images, { training: true, labels: other, keepInputs: true });
      const byLabel = expectedBox(0, images, true, other);
      const byPrediction = expectedBox(0, images, true, 'predicted');
      expect(maxAbsDiff(firstBoxes(out), byLabel)).toBeLessThan(1e-6);
      expect(maxAbsDiff(byLabel, byPrediction)).toBeGreaterThan(0.01);
      // expert 2 sees the crop of the image; expert 3 the crop of that crop
      const crop1 = cropToBoxes(images, byLabel);
      expect(maxAbsDiff(out.expertInputs![1], crop1)).toBeLessThan(1e-5);
      const box2 = expectedBox(1, crop1, true, other);
      expect(maxAbsDiff(tf.reshape(tf.slice(out.boxes!, [0, 1, 0], [4, 1, 4]), [4, 4]), box2)).toBeLessThan(1e-6);
      expect(maxAbsDiff(out.expertInputs![2], cropToBoxes(crop1, box2))).toBeLessThan(1e-5);

      // At test the labels are ignored: the crop follows expert 1's own prediction.
      const evalPred = tf.argMax(model.forward(images, { training: false }).logits['expert1.logits'], 1);
      const notPredicted = tf.cast(tf.mod(tf.add(evalPred, 1), 3), 'int32') as tf.Tensor1D;
      const evalOut = model.forward(images, { training: false, labels: notPredicted });
      const evalByPrediction = expectedBox(0, images, false, 'predicted');
      expect(maxAbsDiff(firstBoxes(evalOut), evalByPrediction)).toBeLessThan(1e-6);
      expect(maxAbsDiff(evalByPrediction, expectedBox(0, images, false, notPredicted))).toBeGreaterThan(0.01);
    });
  });
});
