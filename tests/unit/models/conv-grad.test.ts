// The test-only fast cpu Conv2DBackpropFilter equals the stock kernel.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { installFastCpuConv2DBackpropFilter } from './fast-cpu-conv-grad';
import { randomNormal, useCpuBackend } from './setup';

describe('fast cpu Conv2DBackpropFilter (test helper)', () => {
  let stock: ReturnType<typeof installFastCpuConv2DBackpropFilter>;
  beforeAll(async () => {
    await useCpuBackend();
    stock = installFastCpuConv2DBackpropFilter();
  });

  const cases: Array<{ size: number; k: number; s: number; pad: 'same' | 'valid'; ci: number; co: number }> = [
    { size: 8, k: 3, s: 1, pad: 'same', ci: 3, co: 4 },
    { size: 8, k: 3, s: 2, pad: 'same', ci: 2, co: 5 },
    { size: 9, k: 3, s: 2, pad: 'valid', ci: 3, co: 2 },
    { size: 10, k: 7, s: 2, pad: 'valid', ci: 3, co: 4 },
    { size: 7, k: 1, s: 2, pad: 'valid', ci: 4, co: 3 },
  ];
  for (const c of cases) {
    it(`matches the stock kernel: ${JSON.stringify(c)}`, () => {
      tf.tidy(() => {
        const x = randomNormal([2, c.size, c.size, c.ci], 3) as tf.Tensor4D;
        const filterShape: [number, number, number, number] = [c.k, c.k, c.ci, c.co];
        const y = tf.conv2d(x, tf.zeros(filterShape) as tf.Tensor4D, c.s, c.pad);
        const dy = tf.sin(tf.reshape(tf.range(0, y.size), y.shape));
        const attrs = { strides: [c.s, c.s], pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: undefined, filterShape } as unknown as tf.NamedAttrMap;
        const fast = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs) as tf.Tensor;
        const backend = tf.backend();
        const info = stock.kernelFunc({ inputs: { x, dy }, backend, attrs }) as tf.TensorInfo;
        const reference = tf.engine().makeTensorFromTensorInfo(info);
        expect(fast.shape).toEqual(filterShape);
        expect(tf.max(tf.abs(tf.sub(fast, reference))).dataSync()[0]).toBeLessThan(1e-4);
      });
    });
  }
});
