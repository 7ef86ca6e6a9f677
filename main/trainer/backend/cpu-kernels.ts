// Fast filter gradients for the pure-JS 'cpu' backend (Conv2DBackpropFilter, and the same fix for
// DepthwiseConv2dNativeBackpropFilter, whose stock kernel has the same access pattern: ~25x its forward pass). The stock kernel loops filter-position-first and
// reads x and dy through TensorBuffer.get for every multiply-add (~94% of a training step). This one walks dy
// in memory order (n, y, x) and, for each filter tap the output pixel touches, adds the outer product
// x[n, iy, ix, :] (Ci) x dy[n, y, x, :] (Co) into dW[kh, kw, :, :] - both inner rows are contiguous.
// Supports what the stock kernel supports: NHWC and NCHW, any strides, dilations 1, pad 'same' | 'valid' |
// number | explicit, and dimRoundingMode. Accumulates in float64 (as the stock kernel does), returns float32.
import * as tf from '@tensorflow/tfjs-core';
import { backend_util } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { convInfo, geometry, type ConvGeometry } from './kernel-utils';

const CPU = 'cpu';
const KERNEL = 'Conv2DBackpropFilter';

/** NCHW -> NHWC copy of a flat array. */
function toChannelsLast(v: ArrayLike<number>, n: number, c: number, h: number, w: number): Float32Array {
  const out = new Float32Array(n * h * w * c);
  const hw = h * w;
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      const src = (b * c + ch) * hw;
      for (let p = 0; p < hw; p++) out[(b * hw + p) * c + ch] = v[src + p];
    }
  }
  return out;
}

// The two loops below each spell out the same walk over (n, y, x, kh, kw) on purpose: with the walk factored
// out into a helper taking a per-tap callback, conv2dBackpropFilterNHWC measured ~30% slower on Node 20.

/**
 * dW[kh, kw, ci, co] = sum over n, y, x of xv[n, y*sh + kh - top, x*sw + kw - left, ci] * dy[n, y, x, co]
 * (channels-last flat arrays, C = Ci input channels; taps that fall into the padding contribute nothing).
 */
export function conv2dBackpropFilterNHWC(
  xv: ArrayLike<number>,
  dyv: ArrayLike<number>,
  g: ConvGeometry & { Co: number },
): Float32Array {
  const { N, H, W, C: Ci, OH, OW, Co, KH, KW, sh, sw, top, left } = g;
  const acc = new Float64Array(KH * KW * Ci * Co);
  const tapStride = Ci * Co;
  for (let n = 0; n < N; n++) {
    for (let oy = 0; oy < OH; oy++) {
      const iy0 = oy * sh - top;
      const khMin = Math.max(0, -iy0);
      const khMax = Math.min(KH, H - iy0);
      for (let ox = 0; ox < OW; ox++) {
        const ix0 = ox * sw - left;
        const kwMin = Math.max(0, -ix0);
        const kwMax = Math.min(KW, W - ix0);
        const dyOff = ((n * OH + oy) * OW + ox) * Co;
        for (let kh = khMin; kh < khMax; kh++) {
          const xRow = (n * H + iy0 + kh) * W;
          for (let kw = kwMin; kw < kwMax; kw++) {
            const xOff = (xRow + ix0 + kw) * Ci;
            let wOff = (kh * KW + kw) * tapStride;
            for (let ci = 0; ci < Ci; ci++, wOff += Co) {
              const xval = xv[xOff + ci];
              if (xval === 0) continue; // common after ReLU
              for (let co = 0; co < Co; co++) acc[wOff + co] += xval * dyv[dyOff + co];
            }
          }
        }
      }
    }
  }
  return Float32Array.from(acc);
}

/**
 * Depthwise: dW[kh, kw, c, m] = sum over n, y, x of xv[n, y*sh + kh - top, x*sw + kw - left, c] *
 * dy[n, y, x, c*M + m] (channels-last flat arrays, M = channel multiplier).
 */
export function depthwiseBackpropFilterNHWC(
  xv: ArrayLike<number>,
  dyv: ArrayLike<number>,
  g: ConvGeometry & { M: number },
): Float32Array {
  const { N, H, W, C, M, OH, OW, KH, KW, sh, sw, top, left } = g;
  const CM = C * M;
  const acc = new Float64Array(KH * KW * CM);
  for (let n = 0; n < N; n++) {
    for (let oy = 0; oy < OH; oy++) {
      const iy0 = oy * sh - top;
      const khMin = Math.max(0, -iy0);
      const khMax = Math.min(KH, H - iy0);
      for (let ox = 0; ox < OW; ox++) {
        const ix0 = ox * sw - left;
        const kwMin = Math.max(0, -ix0);
        const kwMax = Math.min(KW, W - ix0);
        const dyOff = ((n * OH + oy) * OW + ox) * CM;
        for (let kh = khMin; kh < khMax; kh++) {
          const xRow = (n * H + iy0 + kh) * W;
          for (let kw = kwMin; kw < kwMax; kw++) {
            const xOff = (xRow + ix0 + kw) * C;
            const wOff = (kh * KW + kw) * CM;
            if (M === 1) {
              for (let c = 0; c < C; c++) acc[wOff + c] += xv[xOff + c] * dyv[dyOff + c];
            } else {
              for (let c = 0; c < C; c++) {
                const xval = xv[xOff + c];
                const o = c * M;
                for (let m = 0; m < M; m++) acc[wOff + o + m] += xval * dyv[dyOff + o + m];
              }
            }
          }
        }
      }
    }
  }
  return Float32Array.from(acc);
}

function assertRealDtypes(kernel: string, x: TensorInfo, dy: TensorInfo): void {
  if (x.dtype === 'complex64' || dy.dtype === 'complex64' || x.dtype === 'string' || dy.dtype === 'string') {
    throw new Error(`${kernel}: unsupported dtype ${x.dtype}/${dy.dtype}`);
  }
}

const fastConv2DBackpropFilter: KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = backend as MathBackendCPU;
  const x = inputs.x as TensorInfo;
  const dy = inputs.dy as TensorInfo;
  const a = attrs as NamedAttrMap;
  assertRealDtypes('Conv2DBackpropFilter (cpu, fast)', x, dy);
  const dataFormat = backend_util.convertConv2DDataFormat((a.dataFormat as 'NHWC' | 'NCHW' | undefined) ?? 'NHWC');
  const info = convInfo(x.shape, a.filterShape as number[], a, false, dataFormat);
  let xv = cpu.data.get(x.dataId).values as ArrayLike<number>;
  let dyv = cpu.data.get(dy.dataId).values as ArrayLike<number>;
  if (info.dataFormat === 'channelsFirst') {
    xv = toChannelsLast(xv, info.batchSize, info.inChannels, info.inHeight, info.inWidth);
    dyv = toChannelsLast(dyv, info.batchSize, info.outChannels, info.outHeight, info.outWidth);
  }
  const dW = conv2dBackpropFilterNHWC(xv, dyv, { ...geometry(info), Co: info.outChannels });
  return cpu.makeTensorInfo(info.filterShape, 'float32', dW);
};

const fastDepthwiseBackpropFilter: KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = backend as MathBackendCPU;
  const x = inputs.x as TensorInfo;
  const dy = inputs.dy as TensorInfo;
  const a = attrs as NamedAttrMap;
  const dilations = (a.dilations as number | [number, number] | undefined) ?? 1;
  const [dh, dw] = typeof dilations === 'number' ? [dilations, dilations] : dilations;
  if (dh !== 1 || dw !== 1) {
    throw new Error(`DepthwiseConv2dNativeBackpropFilter (cpu, fast): dilations must be 1 (got [${dh}, ${dw}])`);
  }
  assertRealDtypes('DepthwiseConv2dNativeBackpropFilter (cpu, fast)', x, dy);
  const info = convInfo(x.shape, a.filterShape as number[], a, true);
  const dW = depthwiseBackpropFilterNHWC(
    cpu.data.get(x.dataId).values as ArrayLike<number>,
    cpu.data.get(dy.dataId).values as ArrayLike<number>,
    { ...geometry(info), M: info.outChannels / info.inChannels },
  );
  return cpu.makeTensorInfo(info.filterShape, 'float32', dW);
};

// Our configs are marked, and the stock ones kept on globalThis, so that a second copy of this module (test
// isolation, bundles) still recognises a registration made by the first.
const MARK = Symbol.for('mge-studio.fastCpuKernel');
const STOCK = Symbol.for('mge-studio.stockCpuKernels');
const globals = globalThis as unknown as { [STOCK]?: Map<string, KernelConfig> };
const stockKernels = (globals[STOCK] ??= new Map<string, KernelConfig>());

function marked(kernelName: string, kernelFunc: KernelFunc): KernelConfig {
  return Object.assign({ kernelName, backendName: CPU, kernelFunc }, { [MARK]: true as const });
}

export const FAST_CPU_KERNELS: readonly KernelConfig[] = [
  marked(KERNEL, fastConv2DBackpropFilter),
  marked('DepthwiseConv2dNativeBackpropFilter', fastDepthwiseBackpropFilter),
];

function isFast(config: KernelConfig | undefined): boolean {
  return config != null && (config as KernelConfig & { [MARK]?: true })[MARK] === true;
}

/**
 * Replaces the stock cpu filter-gradient kernels with the fast ones. Idempotent. The stock configs are kept
 * (see `stockCpuKernel`) so they can be compared against or restored.
 */
export function registerFastCpuKernels(): void {
  for (const config of FAST_CPU_KERNELS) {
    const current = tf.getKernel(config.kernelName, CPU);
    if (isFast(current)) continue;
    if (current != null) {
      stockKernels.set(config.kernelName, current);
      tf.unregisterKernel(config.kernelName, CPU);
    }
    tf.registerKernel(config);
  }
}

/** Puts the stock kernels back (tests, benchmarks). Idempotent. */
export function unregisterFastCpuKernels(): void {
  for (const config of FAST_CPU_KERNELS) {
    if (!isFast(tf.getKernel(config.kernelName, CPU))) continue;
    tf.unregisterKernel(config.kernelName, CPU);
    const stock = stockKernels.get(config.kernelName);
    if (stock != null) tf.registerKernel(stock);
  }
}

/** The stock cpu config of `kernelName` (whichever is registered now if the fast one never was). */
export function stockCpuKernel(kernelName: string): KernelConfig | undefined {
  const current = tf.getKernel(kernelName, CPU);
  return isFast(current) ? stockKernels.get(kernelName) : current;
}

/** The stock cpu Conv2DBackpropFilter config. */
export function stockCpuConv2DBackpropFilter(): KernelConfig | undefined {
  return stockCpuKernel(KERNEL);
}

/** Whether the fast kernels are the ones registered for 'cpu' now. */
export function fastCpuKernelsRegistered(): boolean {
  return FAST_CPU_KERNELS.every((k) => isFast(tf.getKernel(k.kernelName, CPU)));
}
