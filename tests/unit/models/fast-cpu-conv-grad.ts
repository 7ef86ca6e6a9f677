// Test-only speed-up: the stock 'cpu' Conv2DBackpropFilter of tfjs 4.22 reads every element through
// TensorBuffer.get(...) and takes ~95% of a training step (seconds for a 32-px batch of 4). This is
// the same computation (same geometry via backend_util.computeConv2DInfo, NHWC only) over raw
// typed arrays in a cache-friendly loop order. conv-grad.test.ts checks it against the stock kernel.
import * as tf from '@tensorflow/tfjs-core';
import { backend_util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';

interface CpuBackendLike {
  data: { get(dataId: object): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
}

export const fastConv2DBackpropFilter: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as {
    strides: [number, number] | number;
    pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
    dataFormat: 'NHWC' | 'NCHW';
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
    filterShape: [number, number, number, number];
  };
  if (dataFormat === 'NCHW') throw new Error('fastConv2DBackpropFilter: NHWC only');
  const info = backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
  const cpu = backend as unknown as CpuBackendLike;
  const xv = cpu.data.get(x.dataId).values;
  const dyv = cpu.data.get(dy.dataId).values;
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const dW = new Float32Array(filterHeight * filterWidth * inChannels * outChannels);
  for (let b = 0; b < batchSize; b++) {
    for (let yR = 0; yR < outHeight; yR++) {
      for (let yC = 0; yC < outWidth; yC++) {
        const dyOff = ((b * outHeight + yR) * outWidth + yC) * outChannels;
        for (let wR = 0; wR < filterHeight; wR++) {
          const xR = yR * strideHeight + wR - top;
          if (xR < 0 || xR >= inHeight) continue;
          for (let wC = 0; wC < filterWidth; wC++) {
            const xC = yC * strideWidth + wC - left;
            if (xC < 0 || xC >= inWidth) continue;
            const xOff = ((b * inHeight + xR) * inWidth + xC) * inChannels;
            const wOff = (wR * filterWidth + wC) * inChannels;
            for (let d1 = 0; d1 < inChannels; d1++) {
              const xval = xv[xOff + d1];
              if (xval === 0) continue;
              const o = (wOff + d1) * outChannels;
              for (let d2 = 0; d2 < outChannels; d2++) dW[o + d2] += xval * dyv[dyOff + d2];
            }
          }
        }
      }
    }
  }
  return cpu.makeTensorInfo([filterHeight, filterWidth, inChannels, outChannels], 'float32', dW);
};

let stock: KernelConfig | undefined;

/** Replaces the cpu Conv2DBackpropFilter kernel in this test process; returns the stock config. */
export function installFastCpuConv2DBackpropFilter(): KernelConfig {
  if (!stock) {
    const found = tf.getKernel('Conv2DBackpropFilter', 'cpu');
    if (!found) throw new Error('the cpu backend has no Conv2DBackpropFilter kernel');
    stock = { ...found };
    tf.unregisterKernel('Conv2DBackpropFilter', 'cpu');
    tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'cpu', kernelFunc: fastConv2DBackpropFilter });
  }
  return stock;
}
