// The fast cpu filter-gradient kernels give the stock kernels' results on many shapes.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  fastCpuKernelsRegistered,
  registerFastCpuKernels,
  stockCpuConv2DBackpropFilter,
  stockCpuKernel,
  unregisterFastCpuKernels,
} from '../../../main/trainer/backend/cpu-kernels';
import { ensureGradients } from '../../../main/trainer/backend/gradients';
import { relError, seeded, size } from './helpers';

type Pad = 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];

beforeAll(async () => {
  await ensureGradients();
  expect(await tf.setBackend('cpu')).toBe(true);
});

/** Runs kernel `name` once with the stock config and once with the fast one, on the same inputs. */
function compare(name: string, inputs: Record<string, tf.Tensor>, attrs: Record<string, unknown>): number {
  const run = () => {
    const out = tf.engine().runKernel(name, inputs, attrs as tf.NamedAttrMap) as tf.Tensor;
    const data = out.dataSync() as Float32Array;
    const shape = out.shape;
    out.dispose();
    return { data, shape };
  };
  unregisterFastCpuKernels();
  const stock = run();
  registerFastCpuKernels();
  const fast = run();
  expect(fast.shape).toEqual(stock.shape);
  return relError(fast.data, stock.data);
}

function outSize(n: number, k: number, s: number, pad: Pad, side: 0 | 1): number {
  if (pad === 'same') return Math.ceil(n / s);
  if (pad === 'valid') return Math.ceil((n - k + 1) / s);
  if (typeof pad === 'number') return Math.floor((n + 2 * pad - k) / s) + 1;
  const [a, b] = pad[side + 1];
  return Math.floor((n + a + b - k) / s) + 1;
}

const CASES: Array<{ x: number[]; f: number[]; s: [number, number]; pad: Pad }> = [
  { x: [2, 7, 7, 3], f: [3, 3, 3, 4], s: [1, 1], pad: 'same' },
  { x: [2, 8, 8, 3], f: [3, 3, 3, 5], s: [2, 2], pad: 'same' },
  { x: [2, 9, 9, 4], f: [3, 3, 4, 4], s: [2, 2], pad: 'valid' },
  { x: [2, 10, 10, 3], f: [3, 3, 3, 2], s: [2, 2], pad: 'valid' },
  { x: [1, 8, 7, 3], f: [1, 1, 3, 6], s: [2, 2], pad: 'same' },
  { x: [3, 11, 11, 3], f: [7, 7, 3, 4], s: [2, 2], pad: 'same' },
  { x: [2, 8, 8, 3], f: [3, 3, 3, 4], s: [1, 2], pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },
  { x: [2, 9, 9, 2], f: [3, 3, 2, 3], s: [2, 2], pad: 1 },
  { x: [2, 10, 10, 3], f: [2, 2, 3, 3], s: [2, 2], pad: 'same' },
  { x: [2, 5, 5, 3], f: [3, 3, 3, 2], s: [3, 3], pad: 'valid' },
  { x: [4, 16, 16, 16], f: [3, 3, 16, 16], s: [1, 1], pad: 1 },
];

describe('fast cpu Conv2DBackpropFilter', () => {
  it('replaces the stock kernel idempotently and can restore it', () => {
    registerFastCpuKernels();
    registerFastCpuKernels();
    expect(fastCpuKernelsRegistered()).toBe(true);
    const stock = stockCpuConv2DBackpropFilter();
    expect(stock).toBeDefined();
    expect(stock).not.toBe(tf.getKernel('Conv2DBackpropFilter', 'cpu'));
    unregisterFastCpuKernels();
    unregisterFastCpuKernels();
    expect(tf.getKernel('Conv2DBackpropFilter', 'cpu')).toBe(stock);
    registerFastCpuKernels();
  });

  it.each(CASES)('equals the stock kernel (NHWC): %#', (c) => {
    const dyShape = [c.x[0], outSize(c.x[1], c.f[0], c.s[0], c.pad, 0), outSize(c.x[2], c.f[1], c.s[1], c.pad, 1), c.f[3]];
    const x = tf.tensor(seeded(size(c.x), 1), c.x);
    const dy = tf.tensor(seeded(size(dyShape), 2), dyShape);
    const err = compare('Conv2DBackpropFilter', { x, dy }, { strides: c.s, pad: c.pad, dataFormat: 'NHWC', filterShape: c.f });
    tf.dispose([x, dy]);
    expect(err).toBeLessThan(1e-5);
  });

  it('equals the stock kernel (NCHW)', () => {
    const x = tf.tensor(seeded(2 * 3 * 9 * 8, 3), [2, 3, 9, 8]);
    const dy = tf.tensor(seeded(2 * 5 * 5 * 4, 4), [2, 5, 5, 4]);
    const err = compare('Conv2DBackpropFilter', { x, dy }, { strides: [2, 2], pad: 'same', dataFormat: 'NCHW', filterShape: [3, 3, 3, 5] });
    tf.dispose([x, dy]);
    expect(err).toBeLessThan(1e-5);
  });

  it('gives the same conv2d weight gradient through tf.grads (ReLU-sparse input)', () => {
    const grad = () =>
      tf.tidy(() => {
        const x = tf.relu(tf.tensor4d(seeded(2 * 9 * 9 * 4, 5), [2, 9, 9, 4]));
        const w = tf.tensor4d(seeded(3 * 3 * 4 * 6, 6), [3, 3, 4, 6]);
        const [dw] = tf.grads((f: tf.Tensor) => tf.sum(tf.square(tf.conv2d(x, f as tf.Tensor4D, 2, 'same'))))([w]);
        return dw;
      });
    unregisterFastCpuKernels();
    const stock = grad();
    registerFastCpuKernels();
    const fast = grad();
    expect(relError(fast.dataSync(), stock.dataSync())).toBeLessThan(1e-5);
    tf.dispose([stock, fast]);
  });
});

describe('fast cpu DepthwiseConv2dNativeBackpropFilter', () => {
  const DW: Array<{ x: number[]; f: number[]; s: [number, number]; pad: Pad }> = [
    { x: [2, 7, 7, 4], f: [3, 3, 4, 1], s: [1, 1], pad: 'same' },
    { x: [2, 8, 8, 4], f: [3, 3, 4, 1], s: [2, 2], pad: 'same' },
    { x: [2, 9, 9, 3], f: [3, 3, 3, 2], s: [2, 2], pad: 'valid' }, // channel multiplier 2
    { x: [2, 9, 9, 3], f: [5, 5, 3, 1], s: [2, 1], pad: [[0, 0], [2, 1], [0, 2], [0, 0]] },
  ];

  it.each(DW)('equals the stock kernel: %#', (c) => {
    const dyShape = [c.x[0], outSize(c.x[1], c.f[0], c.s[0], c.pad, 0), outSize(c.x[2], c.f[1], c.s[1], c.pad, 1), c.f[2] * c.f[3]];
    const x = tf.tensor(seeded(size(c.x), 7), c.x);
    const dy = tf.tensor(seeded(size(dyShape), 8), dyShape);
    expect(stockCpuKernel('DepthwiseConv2dNativeBackpropFilter')).toBeDefined();
    const err = compare('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { strides: c.s, pad: c.pad, dilations: [1, 1], filterShape: c.f });
    tf.dispose([x, dy]);
    expect(err).toBeLessThan(1e-5);
  });
});
