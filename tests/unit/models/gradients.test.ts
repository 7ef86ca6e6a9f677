// Gradients: every weight learns from the total loss; the detached paths of MGE-CNN carry none.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MgeCnnModel } from '../../../main/trainer/models/mgecnn';
import { createModel } from '../../../main/trainer/models/registry';
import type { ClassifierModel, LossOutput } from '../../../main/trainer/models/types';
import { absSum, randomImages, tinyConfig, useCpuBackend } from './setup';

beforeAll(useCpuBackend);

const images = randomImages(2, 32, 5);
const labels = tf.tensor1d([2, 0], 'int32');

/** Names of the parameters with a non-zero gradient of `pick(loss)`. */
function reached(model: ClassifierModel, pick: (loss: LossOutput) => tf.Scalar): Set<string> {
  const params = model.parameters();
  const { value, grads } = tf.tidy(() =>
    tf.variableGrads(() => pick(model.loss(model.forward(images, { training: true, labels }), labels)), params.map((p) => p.variable)),
  );
  const names = new Set(params.filter((p) => grads[p.variable.name] && absSum(grads[p.variable.name]) > 0).map((p) => p.name));
  tf.dispose([value, ...Object.values(grads)]);
  return names;
}

const sumTerms = (names: string[]) => (loss: LossOutput) => tf.addN(names.map((n) => loss.terms[n])) as tf.Scalar;

describe('gradients', () => {
  it('baseline: every trainable weight gets a non-zero gradient', () => {
    const model = createModel('baseline', tinyConfig());
    const names = model.parameters().map((p) => p.name);
    expect([...reached(model, (l) => l.total)].sort()).toEqual([...names].sort());
    model.dispose();
  });

  describe('mgecnn', () => {
    let model: MgeCnnModel;
    let names: string[];
    beforeAll(() => {
      model = createModel('mgecnn', tinyConfig()) as MgeCnnModel;
      names = model.parameters().map((p) => p.name);
    });
    afterAll(() => model.dispose());
    const under = (prefix: string) => names.filter((n) => n.startsWith(prefix));

    it('every trainable weight gets a non-zero gradient from the total loss', () => {
      expect([...reached(model, (l) => l.total)].sort()).toEqual([...names].sort());
    });

    it("expert 2's losses do not reach expert 1 (the crop is detached) nor the gate", () => {
      const got = reached(model, sumTerms(['ce.expert2.logits', 'ce.expert2.max', 'ce.expert2.cat']));
      expect([...got].sort()).toEqual(under('expert2.').sort());
    });

    it("the gate's loss trains only the gate (the experts' cat logits are detached)", () => {
      const got = reached(model, (l) => l.terms['ce.gate']);
      expect([...got].sort()).toEqual(under('gate.').sort());
    });

    it('the max head does not train the backbone (detached conv4); the cat head trains only its FC', () => {
      expect([...reached(model, (l) => l.terms['ce.expert1.max'])].sort()).toEqual([...under('expert1.partConv.'), ...under('expert1.partClassifier.')].sort());
      expect([...reached(model, (l) => l.terms['ce.expert3.cat'])].sort()).toEqual(under('expert3.catClassifier.').sort());
    });

    it('the diversity term between experts 1 and 2 trains only expert 2 (backbone and logits head)', () => {
      const got = reached(model, (l) => l.terms['kl.expert1-expert2']);
      expect([...got].sort()).toEqual([...under('expert2.backbone.'), ...under('expert2.classifier.')].sort());
    });
  });
});
