// The module system: padding semantics, BatchNorm, detach, parameters/state bookkeeping.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../shared/random';
import { BatchNorm2d } from '../../../main/trainer/nn/batchnorm';
import { Conv2d } from '../../../main/trainer/nn/conv2d';
import { detach } from '../../../main/trainer/nn/detach';
import { Linear } from '../../../main/trainer/nn/linear';
import { Module } from '../../../main/trainer/nn/module';
import { globalAvgPool, globalMaxPool, maxPool2d } from '../../../main/trainer/nn/pooling';
import { absSum, randomNormal, useCpuBackend, values } from './setup';

beforeAll(useCpuBackend);

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

describe('Conv2d', () => {
  const cases = [
    { size: 8, k: 3, s: 1 },
    { size: 8, k: 3, s: 2 },
    { size: 9, k: 3, s: 2 },
    { size: 32, k: 7, s: 2 },
    { size: 8, k: 1, s: 2 },
  ];
  for (const c of cases) {
    it(`pads like PyTorch (padding = k // 2): ${JSON.stringify(c)}`, () => {
      const conv = new Conv2d(new Rng(1), 3, 4, { kernelSize: c.k, stride: c.s });
      tf.tidy(() => {
        const x = randomNormal([2, c.size, c.size, 3], 2) as tf.Tensor4D;
        const p = Math.floor(c.k / 2);
        const reference = tf.conv2d(tf.pad(x, [[0, 0], [p, p], [p, p], [0, 0]]), conv.kernel as tf.Tensor4D, c.s, 'valid');
        const y = conv.apply(x);
        const expectedSide = Math.floor((c.size + 2 * p - c.k) / c.s) + 1;
        expect(y.shape).toEqual([2, expectedSide, expectedSide, 4]);
        expect(maxAbsDiff(y, reference)).toBeLessThan(1e-5);
      });
      conv.dispose();
    });
  }

  it('supports a bias and depthwise kernels', () => {
    const conv = new Conv2d(new Rng(1), 4, 4, { kernelSize: 3, stride: 2, depthwise: true, bias: true });
    expect(conv.kernel.shape).toEqual([3, 3, 4, 1]);
    tf.tidy(() => {
      conv.bias!.assign(tf.tensor1d([1, 2, 3, 4]));
      const x = randomNormal([1, 8, 8, 4], 3) as tf.Tensor4D;
      const reference = tf.add(tf.depthwiseConv2d(tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]), conv.kernel as tf.Tensor4D, 2, 'valid'), conv.bias!);
      expect(maxAbsDiff(conv.apply(x), reference)).toBeLessThan(1e-5);
    });
    expect(conv.parameters().map((p) => [p.name, p.decay])).toEqual([
      ['kernel', true],
      ['bias', false],
    ]);
    conv.dispose();
  });

  it('draws He (fan-out) weights from the seed', () => {
    const a = new Conv2d(new Rng(5), 16, 32, { kernelSize: 3 });
    const b = new Conv2d(new Rng(5), 16, 32, { kernelSize: 3 });
    expect(values(a.kernel)).toEqual(values(b.kernel));
    const std = tf.tidy(() => Math.sqrt(tf.moments(a.kernel).variance.dataSync()[0]));
    expect(std).toBeCloseTo(Math.sqrt(2 / (9 * 32)), 2);
    a.dispose();
    b.dispose();
  });
});

describe('pooling', () => {
  it('maxPool2d(3, 2, 1) ignores the padding like PyTorch (−∞ padding)', () => {
    tf.tidy(() => {
      const x = tf.neg(tf.abs(randomNormal([1, 8, 8, 2], 4))) as tf.Tensor4D; // all negative: zero padding would win
      const reference = tf.maxPool(tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]], -1e9), 3, 2, 'valid');
      const y = maxPool2d(x, 3, 2, 1);
      expect(y.shape).toEqual([1, 4, 4, 2]);
      expect(maxAbsDiff(y, reference)).toBeLessThan(1e-6);
    });
  });

  it('global average and max pooling', () => {
    tf.tidy(() => {
      const x = tf.reshape(tf.range(0, 2 * 2 * 2 * 3, 1, 'float32'), [2, 2, 2, 3]) as tf.Tensor4D;
      expect(values(globalAvgPool(x))).toEqual([4.5, 5.5, 6.5, 16.5, 17.5, 18.5]);
      expect(values(globalMaxPool(x))).toEqual([9, 10, 11, 21, 22, 23]);
    });
  });
});

describe('BatchNorm2d', () => {
  it('normalises with batch statistics in training and updates the running statistics (momentum 0.1, unbiased var)', () => {
    const bn = new BatchNorm2d(3);
    tf.tidy(() => {
      const x = tf.add(tf.mul(randomNormal([4, 3, 3, 3], 5), 2), 5) as tf.Tensor4D;
      const y = bn.apply(x, true);
      const { mean, variance } = tf.moments(y, [0, 1, 2]);
      for (const m of values(mean)) expect(Math.abs(m)).toBeLessThan(1e-4);
      for (const v of values(variance)) expect(v).toBeCloseTo(1, 3);
      const batch = tf.moments(x, [0, 1, 2]);
      const n = 4 * 3 * 3;
      const expectedMean = tf.mul(batch.mean, 0.1);
      const expectedVar = tf.add(0.9, tf.mul(batch.variance, (0.1 * n) / (n - 1)));
      expect(maxAbsDiff(bn.runningMean, expectedMean)).toBeLessThan(1e-5);
      expect(maxAbsDiff(bn.runningVar, expectedVar)).toBeLessThan(1e-5);
    });
    bn.dispose();
  });

  it('uses the running statistics in eval mode', () => {
    const bn = new BatchNorm2d(2);
    tf.tidy(() => {
      bn.runningMean.assign(tf.tensor1d([1, -1]));
      bn.runningVar.assign(tf.tensor1d([4, 0.25]));
      bn.scale.assign(tf.tensor1d([2, 1]));
      bn.offset.assign(tf.tensor1d([0, 3]));
      const x = tf.tensor4d([3, 0], [1, 1, 1, 2]);
      const y = values(bn.apply(x, false));
      expect(y[0]).toBeCloseTo(2 * (2 / Math.sqrt(4 + 1e-5)), 4);
      expect(y[1]).toBeCloseTo(1 / Math.sqrt(0.25 + 1e-5) + 3, 4);
      // eval mode leaves the running statistics alone
      expect(values(bn.runningMean)).toEqual([1, -1]);
    });
    bn.dispose();
  });

  it('has the gradient of the explicit formula (through the batch statistics), inside variableGrads, without leaking', () => {
    const bn = new BatchNorm2d(3);
    const x = randomNormal([2, 3, 3, 3], 6) as tf.Tensor4D;
    const w = randomNormal([2, 3, 3, 3], 7);
    tf.tidy(() => {
      bn.scale.assign(tf.tensor1d([1.5, 0.5, 2]));
    });
    const run = () =>
      tf.tidy(() => {
        const fused = tf.variableGrads(() => tf.sum(tf.mul(bn.apply(x, true), w)) as tf.Scalar, [bn.scale, bn.offset]);
        const explicit = tf.variableGrads(() => {
          const { mean, variance } = tf.moments(x, [0, 1, 2]);
          const y = tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), bn.scale), bn.offset);
          return tf.sum(tf.mul(y, w)) as tf.Scalar;
        }, [bn.scale, bn.offset]);
        expect(maxAbsDiff(fused.grads[bn.scale.name], explicit.grads[bn.scale.name])).toBeLessThan(1e-4);
        expect(maxAbsDiff(fused.grads[bn.offset.name], explicit.grads[bn.offset.name])).toBeLessThan(1e-4);
        const dx = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(bn.apply(input as tf.Tensor4D, true), w)))(x);
        const dxExplicit = tf.grad((input: tf.Tensor) => {
          const { mean, variance } = tf.moments(input, [0, 1, 2]);
          return tf.sum(tf.mul(tf.mul(tf.div(tf.sub(input, mean), tf.sqrt(tf.add(variance, 1e-5))), bn.scale), w));
        })(x);
        expect(maxAbsDiff(dx, dxExplicit)).toBeLessThan(1e-4);
      });
    run();
    const before = tf.memory().numTensors;
    run();
    run();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, w]);
    bn.dispose();
  });
});

describe('detach', () => {
  it('passes the value and stops the gradient', () => {
    tf.tidy(() => {
      const x = tf.tensor1d([1, 2, 3]);
      expect(values(detach(x))).toEqual([1, 2, 3]);
      // d/dx [sum(x·detach(x)) ] = detach(x) only (the detached factor contributes nothing)
      const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(t, detach(t))))(x);
      expect(values(g)).toEqual([1, 2, 3]);
      // a variable reached only through detach gets no gradient at all
      const v = tf.variable(tf.tensor1d([1, 2]));
      const u = tf.variable(tf.tensor1d([3, 4]));
      const { grads } = tf.variableGrads(() => tf.sum(tf.add(tf.mul(detach(v), 2), u)) as tf.Scalar, [v, u]);
      expect(grads[v.name]).toBeUndefined();
      expect(values(grads[u.name])).toEqual([1, 1]);
      // non-differentiable ops on a detached value never reach the backward pass
      const { grads: g2 } = tf.variableGrads(() => {
        const idx = tf.argMax(detach(tf.mul(v, u)), 0);
        return tf.sum(tf.add(tf.gather(u, tf.reshape(idx, [1])), tf.sum(v))) as tf.Scalar;
      }, [v, u]);
      expect(values(g2[u.name])).toEqual([0, 1]);
      v.dispose();
      u.dispose();
    });
  });

  it('does not leak', () => {
    const x = tf.tensor1d([1, 2]);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      detach(x);
    });
    detach(x).dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});

describe('Module', () => {
  class Net extends Module {
    readonly conv: Conv2d;
    readonly bn: BatchNorm2d;
    readonly fc: Linear;
    constructor() {
      super();
      const rng = new Rng(3);
      this.conv = this.addModule('conv', new Conv2d(rng, 3, 4, { kernelSize: 3 }));
      this.bn = this.addModule('bn', new BatchNorm2d(4));
      this.fc = this.addModule('fc', new Linear(rng, 4, 2));
      this.conv.setGroup('backbone');
      this.bn.setGroup('backbone');
    }
  }

  it('lists parameters with dotted names, groups and decay flags, and state with the BN buffers', () => {
    const net = new Net();
    expect(net.parameters('net').map((p) => `${p.name}:${p.group}:${p.decay}`)).toEqual([
      'net.conv.kernel:backbone:true',
      'net.bn.scale:backbone:false',
      'net.bn.offset:backbone:false',
      'net.fc.kernel:head:true',
      'net.fc.bias:head:false',
    ]);
    expect([...net.state().keys()]).toEqual(['conv.kernel', 'bn.scale', 'bn.offset', 'bn.runningMean', 'bn.runningVar', 'fc.kernel', 'fc.bias']);
    expect(net.state().get('bn.runningVar')!.trainable).toBe(false);
    expect(net.parameters().every((p) => p.variable.trainable)).toBe(true);
    const before = tf.memory().numTensors;
    net.dispose();
    expect(tf.memory().numTensors).toBe(before - 7);
  });

  it('Linear computes x·W + b', () => {
    const fc = new Linear(new Rng(1), 3, 2);
    tf.tidy(() => {
      fc.kernel.assign(tf.tensor2d([[1, 0], [0, 1], [1, 1]]));
      fc.bias!.assign(tf.tensor1d([0.5, -0.5]));
      expect(values(fc.apply(tf.tensor2d([[1, 2, 3]])))).toEqual([4.5, 4.5]);
      expect(absSum(fc.kernel)).toBe(4);
    });
    fc.dispose();
  });
});
