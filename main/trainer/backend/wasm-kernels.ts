// Training kernels that @tensorflow/tfjs-backend-wasm 4.22 does not register, built from wasm's own kernels
// (XNNPACK Conv2D / DepthwiseConv2dNative, Transpose, Reshape, PadV2, Slice, ...) called directly, so the heavy
// lifting stays in SIMD wasm code:
//   Conv2DBackpropFilter                 dW = conv over the batch axis: x as [Ci, H, W, N] (batch Ci, channels N)
//                                        convolved with dy as a [OH, OW, N, Co] filter, dilated by the stride
//   DepthwiseConv2dNativeBackpropFilter  the same with (n, c) as depthwise channels, then a sum over n
//   DepthwiseConv2dNativeBackpropInput   depthwise conv of the stride-dilated, padded dy with the flipped filter
//   UnsortedSegmentSum                   (gather's gradient) a flat loop on the wasm heap
// Supported: NHWC, any strides, dilations 1, pad 'same' | 'valid' | number | explicit, channel multiplier 1 for
// depthwise. Anything else throws a clear error. Every intermediate is disposed.
import * as tf from '@tensorflow/tfjs-core';
import { backend_util } from '@tensorflow/tfjs-core';
import type { KernelBackend, KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { KernelScope, assertUnitDilations, isChannelsLast } from './kernel-utils';

const WASM = 'wasm';

type Pad = 'same' | 'valid' | number | backend_util.ExplicitPadding;
type Pair = number | [number, number];

interface ConvGeometry {
  N: number;
  H: number;
  W: number;
  C: number;
  OH: number;
  OW: number;
  KH: number;
  KW: number;
  sh: number;
  sw: number;
  top: number;
  left: number;
}

function geometry(info: backend_util.Conv2DInfo): ConvGeometry {
  return {
    N: info.batchSize,
    H: info.inHeight,
    W: info.inWidth,
    C: info.inChannels,
    OH: info.outHeight,
    OW: info.outWidth,
    KH: info.filterHeight,
    KW: info.filterWidth,
    sh: info.strideHeight,
    sw: info.strideWidth,
    top: info.padInfo.top,
    left: info.padInfo.left,
  };
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function assertShape(kernel: string, what: string, actual: readonly number[], expected: readonly number[]): void {
  if (!sameShape(actual, expected)) {
    throw new Error(`${kernel}: ${what} has shape [${actual.join(', ')}], expected [${expected.join(', ')}]`);
  }
}

/**
 * The filter-gradient correlation reads input rows -top .. (OH-1)*sh + KH - 1 - top. Returns the bottom/right
 * padding that makes a stride-1 convolution (dilation = stride) produce exactly KH x KW outputs; when that
 * padding would be negative the input must be cropped instead (`cropH`/`cropW` rows/cols kept).
 */
function filterGradPads(g: ConvGeometry): { bottom: number; right: number; keepH: number; keepW: number } {
  const bottom = (g.OH - 1) * g.sh + g.KH - g.H - g.top;
  const right = (g.OW - 1) * g.sw + g.KW - g.W - g.left;
  return {
    bottom: Math.max(bottom, 0),
    right: Math.max(right, 0),
    keepH: g.H + Math.min(bottom, 0),
    keepW: g.W + Math.min(right, 0),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Conv2DBackpropFilter
// ---------------------------------------------------------------------------------------------------------------

const conv2DBackpropFilter: KernelFunc = ({ inputs, backend, attrs }) => {
  const name = 'Conv2DBackpropFilter (wasm)';
  const x = inputs.x as TensorInfo;
  const dy = inputs.dy as TensorInfo;
  const a = attrs as NamedAttrMap;
  if (!isChannelsLast(a.dataFormat)) throw new Error(`${name}: only NHWC is supported (got ${String(a.dataFormat)})`);
  const filterShape = a.filterShape as [number, number, number, number];
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    a.strides as Pair,
    1,
    a.pad as Pad,
    a.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
    false,
    'channelsLast',
  );
  const g = geometry(info);
  const Co = info.outChannels;
  assertShape(name, 'dy', dy.shape, [g.N, g.OH, g.OW, Co]);
  const scope = new KernelScope(backend as KernelBackend, WASM);
  try {
    // 1x1 filter without padding: dW = x^T . dy over the (strided) pixels, a single matrix multiply.
    if (g.KH === 1 && g.KW === 1 && g.top === 0 && g.left === 0) {
      let xs = x;
      if (g.sh !== 1 || g.sw !== 1 || g.H !== g.OH || g.W !== g.OW) {
        xs = scope.run('StridedSlice', { x }, {
          begin: [0, 0, 0, 0],
          end: [g.N, (g.OH - 1) * g.sh + 1, (g.OW - 1) * g.sw + 1, g.C],
          strides: [1, g.sh, g.sw, 1],
          beginMask: 0,
          endMask: 0,
          ellipsisMask: 0,
          newAxisMask: 0,
          shrinkAxisMask: 0,
        });
      }
      const rows = g.N * g.OH * g.OW;
      const x2 = scope.run('Reshape', { x: xs }, { shape: [1, rows, g.C] });
      const dy2 = scope.run('Reshape', { x: dy }, { shape: [1, rows, Co] });
      const prod = scope.run('BatchMatMul', { a: x2, b: dy2 }, { transposeA: true, transposeB: false });
      return scope.run('Reshape', { x: prod }, { shape: [1, 1, g.C, Co] }, true);
    }
    const { bottom, right, keepH, keepW } = filterGradPads(g);
    let xc = x;
    if (keepH !== g.H || keepW !== g.W) {
      xc = scope.run('Slice', { x }, { begin: [0, 0, 0, 0], size: [g.N, keepH, keepW, g.C] });
    }
    const xt = scope.run('Transpose', { x: xc }, { perm: [3, 1, 2, 0] }); // [Ci, H, W, N]
    const dyt = scope.run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] }); // [OH, OW, N, Co] as a filter
    const out = scope.run(
      'Conv2D',
      { x: xt, filter: dyt },
      {
        strides: [1, 1],
        pad: [
          [0, 0],
          [g.top, bottom],
          [g.left, right],
          [0, 0],
        ],
        dataFormat: 'NHWC',
        dilations: [g.sh, g.sw],
      },
    ); // [Ci, KH, KW, Co]
    assertShape(name, 'intermediate', out.shape, [g.C, g.KH, g.KW, Co]);
    return scope.run('Transpose', { x: out }, { perm: [1, 2, 0, 3] }, true);
  } finally {
    scope.dispose();
  }
};

// ---------------------------------------------------------------------------------------------------------------
// DepthwiseConv2dNativeBackpropFilter
// ---------------------------------------------------------------------------------------------------------------

function depthwiseInfo(
  name: string,
  xShape: number[],
  filterShape: number[],
  a: NamedAttrMap,
): backend_util.Conv2DInfo {
  assertUnitDilations(name, a.dilations as Pair | undefined);
  if (!isChannelsLast(a.dataFormat)) throw new Error(`${name}: only NHWC is supported (got ${String(a.dataFormat)})`);
  if (filterShape.length !== 4 || filterShape[3] !== 1) {
    throw new Error(
      `${name}: only channel multiplier 1 is supported (filter shape [${filterShape.join(', ')}])`,
    );
  }
  return backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    a.strides as Pair,
    1,
    a.pad as Pad,
    a.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
    true,
    'channelsLast',
  );
}

const depthwiseBackpropFilter: KernelFunc = ({ inputs, backend, attrs }) => {
  const name = 'DepthwiseConv2dNativeBackpropFilter (wasm)';
  const x = inputs.x as TensorInfo;
  const dy = inputs.dy as TensorInfo;
  const a = attrs as NamedAttrMap;
  const info = depthwiseInfo(name, x.shape, a.filterShape as number[], a);
  const g = geometry(info);
  assertShape(name, 'dy', dy.shape, [g.N, g.OH, g.OW, g.C]);
  const scope = new KernelScope(backend as KernelBackend, WASM);
  try {
    const { bottom, right, keepH, keepW } = filterGradPads(g);
    let xc = x;
    if (keepH !== g.H || keepW !== g.W) {
      xc = scope.run('Slice', { x }, { begin: [0, 0, 0, 0], size: [g.N, keepH, keepW, g.C] });
    }
    const NC = g.N * g.C;
    // Depthwise channels are (n, c): x -> [1, H, W, N*C], dy -> [OH, OW, N*C, 1].
    let xr: TensorInfo;
    let dyr: TensorInfo;
    if (g.N === 1) {
      xr = xc;
      dyr = scope.run('Reshape', { x: dy }, { shape: [g.OH, g.OW, g.C, 1] });
    } else {
      const xt = scope.run('Transpose', { x: xc }, { perm: [1, 2, 0, 3] });
      xr = scope.run('Reshape', { x: xt }, { shape: [1, keepH, keepW, NC] });
      const dyt = scope.run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
      dyr = scope.run('Reshape', { x: dyt }, { shape: [g.OH, g.OW, NC, 1] });
    }
    const out = scope.run(
      'DepthwiseConv2dNative',
      { x: xr, filter: dyr },
      {
        strides: [1, 1],
        pad: [
          [0, 0],
          [g.top, bottom],
          [g.left, right],
          [0, 0],
        ],
        dataFormat: 'NHWC',
        dilations: [g.sh, g.sw],
      },
    ); // [1, KH, KW, N*C]
    assertShape(name, 'intermediate', out.shape, [1, g.KH, g.KW, NC]);
    if (g.N === 1) return scope.run('Reshape', { x: out }, { shape: [g.KH, g.KW, g.C, 1] }, true);
    const grouped = scope.run('Reshape', { x: out }, { shape: [g.KH * g.KW, g.N, g.C] });
    const summed = scope.run('Sum', { x: grouped }, { axis: [1], keepDims: false });
    return scope.run('Reshape', { x: summed }, { shape: [g.KH, g.KW, g.C, 1] }, true);
  } finally {
    scope.dispose();
  }
};

// ---------------------------------------------------------------------------------------------------------------
// DepthwiseConv2dNativeBackpropInput
// ---------------------------------------------------------------------------------------------------------------

const depthwiseBackpropInput: KernelFunc = ({ inputs, backend, attrs }) => {
  const name = 'DepthwiseConv2dNativeBackpropInput (wasm)';
  const dy = inputs.dy as TensorInfo;
  const filter = inputs.filter as TensorInfo;
  const a = attrs as NamedAttrMap;
  const inputShape = a.inputShape as number[];
  const info = depthwiseInfo(name, inputShape, filter.shape, a);
  const g = geometry(info);
  assertShape(name, 'dy', dy.shape, [g.N, g.OH, g.OW, g.C]);
  const scope = new KernelScope(backend as KernelBackend, WASM);
  try {
    // Dilate dy by the stride: [N, OH, 1, OW, 1, C] padded to [N, OH, sh, OW, sw, C] -> [N, OH*sh, OW*sw, C]
    // (the last sh-1 rows / sw-1 columns are zeros that the padding below accounts for).
    let dyd = dy;
    if (g.sh !== 1 || g.sw !== 1) {
      const r = scope.run('Reshape', { x: dy }, { shape: [g.N, g.OH, 1, g.OW, 1, g.C] });
      const p = scope.run('PadV2', { x: r }, {
        paddings: [
          [0, 0],
          [0, 0],
          [0, g.sh - 1],
          [0, 0],
          [0, g.sw - 1],
          [0, 0],
        ],
        constantValue: 0,
      });
      dyd = scope.run('Reshape', { x: p }, { shape: [g.N, g.OH * g.sh, g.OW * g.sw, g.C] });
    }
    const LH = g.OH * g.sh;
    const LW = g.OW * g.sw;
    // Full correlation with the flipped filter: output row i reads dilated rows i + top - (KH-1) .. i + top.
    let top = g.KH - 1 - g.top;
    let left = g.KW - 1 - g.left;
    let bottom = g.H + g.KH - 1 - LH - top;
    let right = g.W + g.KW - 1 - LW - left;
    const cropTop = Math.max(0, -top);
    const cropLeft = Math.max(0, -left);
    const cropBottom = Math.max(0, -bottom);
    const cropRight = Math.max(0, -right);
    if (cropTop + cropLeft + cropBottom + cropRight > 0) {
      dyd = scope.run('Slice', { x: dyd }, {
        begin: [0, cropTop, cropLeft, 0],
        size: [g.N, LH - cropTop - cropBottom, LW - cropLeft - cropRight, g.C],
      });
      top = Math.max(top, 0);
      left = Math.max(left, 0);
      bottom = Math.max(bottom, 0);
      right = Math.max(right, 0);
    }
    const flipped = scope.run('Reverse', { x: filter }, { dims: [0, 1] });
    const dx = scope.run(
      'DepthwiseConv2dNative',
      { x: dyd, filter: flipped },
      {
        strides: [1, 1],
        pad: [
          [0, 0],
          [top, bottom],
          [left, right],
          [0, 0],
        ],
        dataFormat: 'NHWC',
        dilations: [1, 1],
      },
      true,
    );
    try {
      assertShape(name, 'result', dx.shape, [g.N, g.H, g.W, g.C]);
    } catch (e) {
      (backend as KernelBackend).disposeData(dx.dataId);
      throw e;
    }
    return dx;
  } finally {
    scope.dispose();
  }
};

// ---------------------------------------------------------------------------------------------------------------
// UnsortedSegmentSum (the gradient of gather)
// ---------------------------------------------------------------------------------------------------------------

const unsortedSegmentSum: KernelFunc = ({ inputs, backend, attrs }) => {
  const name = 'UnsortedSegmentSum (wasm)';
  const x = inputs.x as TensorInfo;
  const segmentIds = inputs.segmentIds as TensorInfo;
  const numSegments = (attrs as NamedAttrMap).numSegments as number;
  const wasm = backend as BackendWasm;
  if (segmentIds.shape.length !== 1 || segmentIds.shape[0] !== x.shape[0]) {
    throw new Error(
      `${name}: segmentIds must be 1-D with length x.shape[0] (x [${x.shape.join(', ')}], ` +
        `segmentIds [${segmentIds.shape.join(', ')}])`,
    );
  }
  if (x.dtype !== 'float32' && x.dtype !== 'int32') throw new Error(`${name}: unsupported dtype ${x.dtype}`);
  const inner = x.shape.slice(1).reduce((p, d) => p * d, 1);
  const out = wasm.makeOutput([numSegments, ...x.shape.slice(1)], x.dtype);
  // Views are taken after the allocation above, so a heap growth cannot detach them.
  const outVals = wasm.typedArrayFromHeap(out);
  const xVals = wasm.typedArrayFromHeap(x);
  const ids = wasm.typedArrayFromHeap(segmentIds);
  outVals.fill(0);
  for (let i = 0; i < ids.length; i++) {
    const s = ids[i];
    if (s < 0 || s >= numSegments) continue; // dropped, as TensorFlow does
    const src = i * inner;
    const dst = s * inner;
    for (let j = 0; j < inner; j++) outVals[dst + j] += xVals[src + j];
  }
  return out;
};

// ---------------------------------------------------------------------------------------------------------------
// Registration
// ---------------------------------------------------------------------------------------------------------------

export const WASM_TRAINING_KERNELS: readonly KernelConfig[] = [
  { kernelName: 'Conv2DBackpropFilter', backendName: WASM, kernelFunc: conv2DBackpropFilter },
  { kernelName: 'DepthwiseConv2dNativeBackpropFilter', backendName: WASM, kernelFunc: depthwiseBackpropFilter },
  { kernelName: 'DepthwiseConv2dNativeBackpropInput', backendName: WASM, kernelFunc: depthwiseBackpropInput },
  { kernelName: 'UnsortedSegmentSum', backendName: WASM, kernelFunc: unsortedSegmentSum },
];

/**
 * Registers the training kernels wasm lacks. Idempotent; a kernel that is already registered for 'wasm'
 * (by us earlier, or by a future tfjs-backend-wasm) is left alone. Returns the names it registered now.
 */
export function registerWasmTrainingKernels(): string[] {
  const added: string[] = [];
  for (const config of WASM_TRAINING_KERNELS) {
    if (tf.getKernel(config.kernelName, WASM) != null) continue;
    tf.registerKernel(config);
    added.push(config.kernelName);
  }
  return added;
}

/** Kernel names that training a CNN needs and that are missing on 'wasm' after registration (for diagnostics). */
export function missingWasmTrainingKernels(): string[] {
  const needed = [
    'Conv2D',
    'Conv2DBackpropInput',
    'Conv2DBackpropFilter',
    'DepthwiseConv2dNative',
    'DepthwiseConv2dNativeBackpropInput',
    'DepthwiseConv2dNativeBackpropFilter',
    'FusedBatchNorm',
    'MaxPool',
    'MaxPoolGrad',
    'AvgPool',
    'AvgPoolGrad',
    'ResizeBilinear',
    'ResizeBilinearGrad',
    'CropAndResize',
    'GatherV2',
    'UnsortedSegmentSum',
    'Relu',
    'Relu6',
    'Step',
    'Softmax',
    'Mean',
    'Sum',
    'BatchMatMul',
  ];
  return needed.filter((k) => tf.getKernel(k, WASM) == null);
}
