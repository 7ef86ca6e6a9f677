import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../main/trainer/backend';
import type { Parameter } from '../../../main/trainer/models/types';
import { SgdOptimizer } from '../../../main/trainer/optim/sgd';

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('SgdOptimizer', () => {
  it('follows PyTorch SGD: weight decay, momentum buffer starting at g, one lr per group', () => {
    const w = tf.variable(tf.tensor1d([1, -2]), true, 'w');
    const b = tf.variable(tf.tensor1d([0.5]), true, 'b');
    const params: Parameter[] = [
      { name: 'w', variable: w, group: 'backbone', decay: true },
      { name: 'b', variable: b, group: 'head', decay: false },
    ];
    const sgd = new SgdOptimizer(params, { momentum: 0.9, weightDecay: 0.1 });
    const lr = { backbone: 0.1, head: 1 };
    const grads = { w: tf.tensor1d([0.5, 0.5]), b: tf.tensor1d([2]) };
    sgd.step(grads, lr);
    // w: g = 0.5 + 0.1·w = [0.6, 0.3]; v = g; w −= 0.1·v
    expect(Array.from(w.dataSync())).toEqual([1 - 0.06, -2 - 0.03].map((v) => Math.fround(v)));
    // b: no decay; v = 2; b −= 1·2
    expect(b.dataSync()[0]).toBeCloseTo(-1.5, 6);
    sgd.step(grads, lr);
    // second step: v = 0.9·v + g
    const g2 = [0.5 + 0.1 * 0.94, 0.5 + 0.1 * -2.03];
    const v2 = [0.9 * 0.6 + g2[0], 0.9 * 0.3 + g2[1]];
    const wData = w.dataSync();
    expect(wData[0]).toBeCloseTo(0.94 - 0.1 * v2[0], 5);
    expect(wData[1]).toBeCloseTo(-2.03 - 0.1 * v2[1], 5);
    expect([...sgd.slots().keys()].sort()).toEqual(['b', 'w']);
    const before = tf.memory().numTensors;
    sgd.step(grads, lr);
    expect(tf.memory().numTensors).toBe(before);
    sgd.dispose();
    tf.dispose([w, b, grads.w, grads.b]);
  });
});
