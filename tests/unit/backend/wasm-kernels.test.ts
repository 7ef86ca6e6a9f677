// The kernels registered for 'wasm' give the cpu backend's (stock kernels') results, a small CNN trains on
// wasm, and a gradient step leaks nothing.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureGradients } from '../../../main/trainer/backend/gradients';
import { missingWasmTrainingKernels, registerWasmTrainingKernels, stockWasmKernel } from '../../../main/trainer/backend/wasm-kernels';
import { onBackend, relError, seeded, size } from './helpers';

type Pad = 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];
type Case = { x: number[]; f: number[]; s: number | [number, number]; pad: Pad };

const TOL = 1e-4;

beforeAll(async () => {
  await ensureGradients();
  registerWasmTrainingKernels();
  expect(await tf.setBackend('wasm')).toBe(true);
});

/** Gradients of sum(conv(x, f) * r) w.r.t. x and f (r fixed), on one backend. */
function convGrads(c: Case, depthwise: boolean): () => tf.Tensor[] {
  return () => {
    const x = tf.tensor4d(seeded(size(c.x), 1), c.x as [number, number, number, number]);
    const f = tf.tensor4d(seeded(size(c.f), 2), c.f as [number, number, number, number]);
    const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => {
      const y = depthwise
        ? tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.s, c.pad)
        : tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.s, c.pad);
      const r = tf.tensor(seeded(y.size, 3), y.shape);
      return tf.sum(tf.mul(y, r));
    });
    return g([x, f]);
  };
}

const CONV_CASES: Case[] = [
  { x: [2, 7, 7, 3], f: [3, 3, 3, 4], s: 1, pad: 'same' },
  { x: [2, 8, 8, 3], f: [3, 3, 3, 5], s: 2, pad: 'same' },
  { x: [2, 9, 9, 4], f: [3, 3, 4, 4], s: 2, pad: 'valid' },
  { x: [2, 10, 10, 3], f: [3, 3, 3, 4], s: 2, pad: 'valid' }, // unused trailing rows: the input is cropped
  { x: [1, 8, 7, 3], f: [1, 1, 3, 6], s: 2, pad: 'same' }, // 1x1 strided: matmul path
  { x: [2, 6, 6, 3], f: [1, 1, 3, 4], s: 1, pad: 'valid' },
  { x: [2, 9, 9, 3], f: [1, 1, 3, 4], s: 2, pad: 'valid' },
  { x: [2, 11, 11, 3], f: [7, 7, 3, 4], s: 2, pad: 'same' }, // ResNet stem
  { x: [2, 8, 8, 3], f: [3, 3, 3, 4], s: [1, 2], pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },
  { x: [2, 9, 9, 2], f: [3, 3, 2, 3], s: 2, pad: 1 },
  { x: [2, 10, 10, 3], f: [2, 2, 3, 3], s: 2, pad: 'same' },
  { x: [2, 5, 5, 3], f: [3, 3, 3, 2], s: 3, pad: 'valid' },
  { x: [1, 6, 6, 2], f: [3, 3, 2, 2], s: 1, pad: [[0, 0], [3, 0], [0, 3], [0, 0]] }, // pad > kernel - 1
  // strided dx by output phase: phases no tap reaches, pad > kernel - 1, uneven strides, 1-row phases
  { x: [2, 9, 9, 3], f: [2, 2, 3, 4], s: 3, pad: 'valid' },
  { x: [1, 7, 7, 2], f: [3, 3, 2, 2], s: 2, pad: [[0, 0], [3, 0], [0, 3], [0, 0]] },
  { x: [2, 7, 9, 3], f: [3, 2, 3, 2], s: [3, 2], pad: [[0, 0], [2, 1], [1, 0], [0, 0]] },
  { x: [1, 2, 3, 2], f: [3, 3, 2, 3], s: 2, pad: 'same' },
];

const DEPTHWISE_CASES: Case[] = [
  { x: [2, 7, 7, 4], f: [3, 3, 4, 1], s: 1, pad: 'same' },
  { x: [2, 8, 8, 4], f: [3, 3, 4, 1], s: 2, pad: 'same' },
  { x: [2, 9, 9, 3], f: [3, 3, 3, 1], s: 2, pad: 'valid' },
  { x: [2, 10, 10, 3], f: [3, 3, 3, 1], s: 2, pad: 'valid' },
  { x: [1, 6, 6, 3], f: [3, 3, 3, 1], s: 2, pad: 'same' },
  { x: [2, 9, 9, 4], f: [5, 5, 4, 1], s: 2, pad: 'same' },
  { x: [2, 8, 8, 3], f: [2, 2, 3, 1], s: 2, pad: 'valid' },
  { x: [2, 9, 9, 2], f: [1, 1, 2, 1], s: 2, pad: 'valid' },
  { x: [2, 8, 8, 2], f: [3, 3, 2, 1], s: [2, 1], pad: [[0, 0], [2, 0], [1, 1], [0, 0]] },
  { x: [2, 9, 9, 2], f: [3, 3, 2, 1], s: 2, pad: 1 },
  { x: [1, 6, 6, 2], f: [3, 3, 2, 1], s: 1, pad: [[0, 0], [3, 0], [0, 3], [0, 0]] },
];

const label = (c: Case) => `x ${c.x.join('x')} f ${c.f.join('x')} stride ${JSON.stringify(c.s)} pad ${JSON.stringify(c.pad)}`;

describe('wasm training kernels vs cpu', () => {
  it('registers what wasm lacks, replaces Conv2DBackpropInput and Tile, and is idempotent', () => {
    expect(missingWasmTrainingKernels()).toEqual([]);
    expect(stockWasmKernel('Conv2DBackpropInput')).toBeDefined();
    expect(stockWasmKernel('Tile')).toBeDefined();
    expect(stockWasmKernel('BatchMatMul')).toBeDefined();
    expect(() => registerWasmTrainingKernels()).not.toThrow();
    expect(registerWasmTrainingKernels()).toEqual([]);
  });

  it.each(CONV_CASES)('conv2d dx and dW: %#', async (c) => {
    const expected = await onBackend('cpu', convGrads(c, false));
    const actual = await onBackend('wasm', convGrads(c, false));
    expect(relError(actual[0], expected[0]), `dx ${label(c)}`).toBeLessThan(TOL);
    expect(relError(actual[1], expected[1]), `dW ${label(c)}`).toBeLessThan(TOL);
  });

  it.each(DEPTHWISE_CASES)('depthwise dx and dW: %#', async (c) => {
    const expected = await onBackend('cpu', convGrads(c, true));
    const actual = await onBackend('wasm', convGrads(c, true));
    expect(relError(actual[0], expected[0]), `dx ${label(c)}`).toBeLessThan(TOL);
    expect(relError(actual[1], expected[1]), `dW ${label(c)}`).toBeLessThan(TOL);
  });

  it('Conv2DBackpropFilter / Conv2DBackpropInput called directly match the stock cpu kernels', async () => {
    const x = [3, 9, 8, 5];
    const filterShape = [3, 3, 5, 7];
    const dyShape = [3, 5, 4, 7]; // stride 2, 'same'
    const attrs = { strides: [2, 2], pad: 'same', dataFormat: 'NHWC' };
    const run = () => {
      const xt = tf.tensor4d(seeded(size(x), 4), x as [number, number, number, number]);
      const dy = tf.tensor4d(seeded(size(dyShape), 5), dyShape as [number, number, number, number]);
      const f = tf.tensor4d(seeded(size(filterShape), 6), filterShape as [number, number, number, number]);
      return [
        tf.engine().runKernel('Conv2DBackpropFilter', { x: xt, dy }, { ...attrs, filterShape }) as tf.Tensor,
        tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: f }, { ...attrs, inputShape: x }) as tf.Tensor,
      ];
    };
    const expected = await onBackend('cpu', run);
    const actual = await onBackend('wasm', run);
    expect(relError(actual[0], expected[0])).toBeLessThan(TOL);
    expect(relError(actual[1], expected[1])).toBeLessThan(TOL);
  });

  it('UnsortedSegmentSum and the gather gradient match cpu', async () => {
    const run = () => {
      const data = tf.tensor2d(seeded(6 * 3, 7), [6, 3]);
      const ids = tf.tensor1d([0, 2, 0, 1, 2, 2], 'int32');
      const summed = tf.unsortedSegmentSum(data, ids, 4);
      const params = tf.tensor3d(seeded(5 * 2 * 3, 8), [5, 2, 3]);
      const indices = tf.tensor1d([4, 0, 4, 2, 4, 1], 'int32');
      const r = tf.tensor(seeded(6 * 2 * 3, 9), [6, 2, 3]);
      const [dParams] = tf.grads((p: tf.Tensor) => tf.sum(tf.mul(tf.gather(p, indices), r)))([params]);
      const [dAxis1] = tf.grads((p: tf.Tensor) => tf.sum(tf.mul(tf.gather(p, tf.tensor1d([1, 1, 0], 'int32'), 1), 2)))([params]);
      return [summed, dParams, dAxis1];
    };
    const expected = await onBackend('cpu', run);
    const actual = await onBackend('wasm', run);
    expect(actual[0].length).toBe(12);
    for (let i = 0; i < expected.length; i++) expect(relError(actual[i], expected[i])).toBeLessThan(TOL);
  });

  it('Tile matches cpu for several ranks, reps and dtypes', async () => {
    const cases: Array<[number[], number[]]> = [
      [[3], [4]],
      [[2, 3], [1, 2]],
      [[2, 3], [3, 1]],
      [[1, 1, 1, 5], [2, 3, 4, 1]], // the BatchNorm-gradient pattern
      [[2, 1, 3, 2], [1, 4, 1, 3]],
      [[2, 2, 1, 2, 3], [2, 1, 3, 1, 2]],
      [[0, 2], [3, 2]],
    ];
    for (const [shape, reps] of cases) {
      for (const dtype of ['float32', 'int32', 'bool'] as const) {
        const run = () => {
          const base = tf.tensor(seeded(size(shape), 10), shape);
          const x = dtype === 'float32' ? base : dtype === 'int32' ? tf.cast(tf.mul(base, 100), 'int32') : tf.greater(base, 0);
          return [tf.cast(tf.tile(x, reps), 'float32')];
        };
        const [expected] = await onBackend('cpu', run);
        const [actual] = await onBackend('wasm', run);
        expect(Array.from(actual), `${dtype} [${shape}] x [${reps}]`).toEqual(Array.from(expected));
      }
    }
  });

  it('BatchMatMul with transposes matches cpu', async () => {
    const cases: Array<[number[], number[], boolean, boolean]> = [
      [[5, 7], [7, 3], false, false],
      [[7, 5], [7, 3], true, false],
      [[5, 7], [3, 7], false, true],
      [[7, 5], [3, 7], true, true],
      [[2, 6, 4], [2, 6, 3], true, false],
      [[2, 4, 6], [1, 3, 6], false, true], // broadcast batch
    ];
    for (const [as, bs, ta, tb] of cases) {
      const run = () => [tf.matMul(tf.tensor(seeded(size(as), 11), as), tf.tensor(seeded(size(bs), 12), bs), ta, tb)];
      const [expected] = await onBackend('cpu', run);
      const [actual] = await onBackend('wasm', run);
      expect(relError(actual, expected), `${as} ${bs} ${ta} ${tb}`).toBeLessThan(TOL);
    }
  });

  it('rejects unsupported configurations with a clear error', async () => {
    await tf.setBackend('wasm');
    const x = tf.zeros([1, 5, 5, 2]);
    const dy = tf.zeros([1, 5, 5, 4]);
    expect(() =>
      tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, {
        strides: [1, 1],
        pad: 'same',
        dilations: [1, 1],
        filterShape: [3, 3, 2, 2],
      }),
    ).toThrow(/channel multiplier 1/);
    expect(() =>
      tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, {
        strides: [1, 1],
        pad: 'same',
        dataFormat: 'NCHW',
        filterShape: [3, 3, 2, 4],
      }),
    ).toThrow(/NHWC/);
    tf.dispose([x, dy]);
  });
});

describe('training on wasm', () => {
  // conv-bn-relu-maxpool-conv(stride 2)-mean-dense, softmax cross-entropy, plain SGD on one fixed batch.
  function makeNet() {
    const v = (shape: number[], seed: number, scale: number) => {
      const init = tf.tensor(seeded(size(shape), seed), shape);
      const scaled = tf.mul(init, scale);
      const variable = tf.variable(scaled);
      tf.dispose([init, scaled]);
      return variable;
    };
    const params = {
      conv1: v([3, 3, 3, 8], 21, 0.4),
      gamma: tf.variable(tf.ones([8])),
      beta: tf.variable(tf.zeros([8])),
      conv2: v([3, 3, 8, 16], 22, 0.2),
      dense: v([16, 4], 23, 0.3),
      bias: tf.variable(tf.zeros([4])),
    };
    const x = tf.tensor4d(seeded(8 * 12 * 12 * 3, 24), [8, 12, 12, 3]);
    const labels = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 2, 3, 0, 1, 2, 3], 'int32'), 4));
    const loss = () =>
      tf.tidy(() => {
        const h = tf.conv2d(x, params.conv1 as tf.Tensor4D, 1, 'same');
        const { mean, variance } = tf.moments(h, [0, 1, 2]);
        const bn = tf.batchNorm(h, mean, variance, params.beta, params.gamma, 1e-5);
        const pooled = tf.maxPool(tf.relu(bn) as tf.Tensor4D, 2, 2, 'valid');
        const h2 = tf.relu(tf.conv2d(pooled, params.conv2 as tf.Tensor4D, 2, 'same'));
        const logits = tf.add(tf.matMul(tf.mean(h2, [1, 2]), params.dense), params.bias);
        return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
      });
    const vars = Object.values(params);
    const step = (lr: number): number => {
      const { value, grads } = tf.variableGrads(loss, vars);
      for (const p of vars) {
        const updated = tf.tidy(() => tf.sub(p, tf.mul(grads[p.name], lr)));
        p.assign(updated);
        updated.dispose();
      }
      const out = value.dataSync()[0];
      tf.dispose([value, ...Object.values(grads)]);
      return out;
    };
    const dispose = () => tf.dispose([...vars, x, labels]);
    return { step, dispose };
  }

  it('loss decreases over 10 SGD steps on a fixed batch, as on cpu', async () => {
    const train = async (backend: string) => {
      await tf.setBackend(backend);
      const net = makeNet();
      const losses = Array.from({ length: 10 }, () => net.step(0.2));
      net.dispose();
      return losses;
    };
    const losses = await train('wasm');
    const reference = await train('cpu');
    await tf.setBackend('wasm');
    expect(losses.every(Number.isFinite)).toBe(true);
    for (let i = 1; i < losses.length; i++) expect(losses[i]).toBeLessThan(losses[i - 1]);
    expect(losses[9]).toBeLessThan(losses[0] * 0.85);
    expect(relError(losses, reference)).toBeLessThan(1e-3);
  });

  it('a gradient step with the patched kernels leaks no tensor and no wasm buffer', async () => {
    await tf.setBackend('wasm');
    const net = makeNet();
    for (let i = 0; i < 3; i++) net.step(0.1);
    const tensors = tf.memory().numTensors;
    const dataIds = tf.backend().numDataIds();
    for (let i = 0; i < 2; i++) net.step(0.1);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.backend().numDataIds()).toBe(dataIds);
    net.dispose();
  });
});
