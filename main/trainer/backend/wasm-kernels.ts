// Training kernels that @tensorflow/tfjs-backend-wasm 4.22 does not register, built from wasm's own kernels
// (XNNPACK Conv2D / DepthwiseConv2dNative, Transpose, Reshape, Sum, ...) called directly, so the heavy
// lifting stays in SIMD wasm code:
//   Conv2DBackpropFilter                 dW = conv over the batch axis: x as [Ci, H, W, N] (batch Ci, channels N)
//                                        convolved with dy as a [OH, OW, N, Co] filter, dilated by the stride
//   DepthwiseConv2dNativeBackpropFilter  the same with (n, c) as depthwise channels, then a sum over n
//   DepthwiseConv2dNativeBackpropInput   depthwise conv of the stride-dilated, padded dy with the flipped filter
//   UnsortedSegmentSum                   (gather's gradient) a flat loop on the wasm heap
//   Conv2DBackpropInput (override)       XNNPACK conv of the stride-dilated, padded dy with the flipped,
//                                        in/out-swapped filter (the stock kernel is a scalar C++ loop)
//   Tile (override)                      block copies on the heap (the stock kernel indexes per element)
//   BatchMatMul (override)               explicit Transpose, then the stock kernel without transposes
// Stride dilation, filter flips and subsampling are typed-array copies (wasm-heap.ts), not wasm kernels.
// Supported: NHWC, any strides, dilations 1, pad 'same' | 'valid' | number | explicit, channel multiplier 1 for
// depthwise. Anything else throws a clear error. Every intermediate is disposed.
import * as tf from '@tensorflow/tfjs-core';
import { backend_util } from '@tensorflow/tfjs-core';
import type { KernelBackend, KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { KernelScope, assertUnitDilations, isChannelsLast } from './kernel-utils';
import { dilateNHWC, flipFilter, subsampleNHWC, tileHeap } from './wasm-heap';

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
 * padding would be negative the input must be cropped instead (to `keepH` x `keepW`).
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
        xs = scope.adopt(subsampleNHWC(backend as BackendWasm, x, g.sh, g.sw, g.OH, g.OW));
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

/**
 * The input of the transposed correlation that computes dx: dy dilated by the stride into
 * [N, OH*sh, OW*sw, C] (the trailing sh-1 rows / sw-1 columns are zeros the padding accounts for), cropped
 * where the padding would be negative, plus the explicit padding for a stride-1 correlation with the flipped
 * filter that yields [N, H, W, ·].
 */
function dilatedGradInput(
  scope: KernelScope,
  dy: TensorInfo,
  g: ConvGeometry,
): { input: TensorInfo; pad: backend_util.ExplicitPadding } {
  const Cdy = dy.shape[3];
  let dyd = dy;
  if (g.sh !== 1 || g.sw !== 1) dyd = scope.adopt(dilateNHWC(scope.backend as BackendWasm, dy, g.sh, g.sw));
  const LH = g.OH * g.sh;
  const LW = g.OW * g.sw;
  // Output row i reads dilated rows i + top - (KH-1) .. i + top of the unpadded input.
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
      size: [g.N, LH - cropTop - cropBottom, LW - cropLeft - cropRight, Cdy],
    });
    top = Math.max(top, 0);
    left = Math.max(left, 0);
    bottom = Math.max(bottom, 0);
    right = Math.max(right, 0);
  }
  return {
    input: dyd,
    pad: [
      [0, 0],
      [top, bottom],
      [left, right],
      [0, 0],
    ],
  };
}

/** Runs the final kernel of a gradient, checks its shape, and frees it if the check fails. */
function finalOutput(
  scope: KernelScope,
  name: string,
  kernel: string,
  inputs: Record<string, TensorInfo>,
  attrs: NamedAttrMap,
  expected: number[],
): TensorInfo {
  const out = scope.run(kernel, inputs, attrs, true);
  if (!sameShape(out.shape, expected)) {
    scope.adopt(out);
    assertShape(name, 'result', out.shape, expected);
  }
  return out;
}

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
    const { input, pad } = dilatedGradInput(scope, dy, g);
    const flipped = scope.adopt(flipFilter(backend as BackendWasm, filter, false));
    return finalOutput(
      scope,
      name,
      'DepthwiseConv2dNative',
      { x: input, filter: flipped },
      { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [1, 1] },
      [g.N, g.H, g.W, g.C],
    );
  } finally {
    scope.dispose();
  }
};

// ---------------------------------------------------------------------------------------------------------------
// Conv2DBackpropInput (replaces the stock wasm kernel: a scalar, single-threaded C++ loop)
// ---------------------------------------------------------------------------------------------------------------

const conv2DBackpropInput: KernelFunc = ({ inputs, backend, attrs }) => {
  const name = 'Conv2DBackpropInput (wasm)';
  const dy = inputs.dy as TensorInfo;
  const filter = inputs.filter as TensorInfo;
  const a = attrs as NamedAttrMap;
  if (!isChannelsLast(a.dataFormat)) throw new Error(`${name}: only NHWC is supported (got ${String(a.dataFormat)})`);
  const info = backend_util.computeConv2DInfo(
    a.inputShape as [number, number, number, number],
    filter.shape as [number, number, number, number],
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
    const { input, pad } = dilatedGradInput(scope, dy, g);
    // Flipped filter with in/out swapped: [KH, KW, Ci, Co] → [KH, KW, Co, Ci].
    const swapped = scope.adopt(flipFilter(backend as BackendWasm, filter, true));
    return finalOutput(
      scope,
      name,
      'Conv2D',
      { x: input, filter: swapped },
      { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [1, 1] },
      [g.N, g.H, g.W, g.C],
    );
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
// Tile (replaces the stock wasm kernel, a per-element index loop; tfjs's BatchNorm gradient tiles full tensors)
// ---------------------------------------------------------------------------------------------------------------

const tile: KernelFunc = (args) => {
  const x = args.inputs.x as TensorInfo;
  if (x.dtype === 'string' || x.dtype === 'complex64') throw new Error(`Tile (wasm): dtype ${x.dtype} is not supported`);
  const reps = (args.attrs as NamedAttrMap).reps as number[];
  if (reps.length !== x.shape.length) {
    throw new Error(`Tile (wasm): reps [${reps.join(', ')}] must have one entry per axis of [${x.shape.join(', ')}]`);
  }
  return tileHeap(args.backend as BackendWasm, x, reps);
};

// ---------------------------------------------------------------------------------------------------------------
// BatchMatMul (wraps the stock kernel: its transposeA/transposeB paths are 10-30x slower than transposing first)
// ---------------------------------------------------------------------------------------------------------------

const batchMatMul: KernelFunc = ({ inputs, backend, attrs }) => {
  const a = inputs.a as TensorInfo;
  const b = inputs.b as TensorInfo;
  const { transposeA, transposeB } = attrs as { transposeA?: boolean; transposeB?: boolean };
  const stock = stockKernels.get('BatchMatMul');
  if (stock == null) throw new Error('BatchMatMul (wasm): the stock kernel is missing');
  if (!transposeA && !transposeB) return stock.kernelFunc({ inputs, backend, attrs });
  const scope = new KernelScope(backend as KernelBackend, WASM);
  try {
    const swapLast = (t: TensorInfo) => {
      const r = t.shape.length;
      const perm = [...Array(r - 2).keys(), r - 1, r - 2];
      return scope.run('Transpose', { x: t }, { perm });
    };
    const a2 = transposeA ? swapLast(a) : a;
    const b2 = transposeB ? swapLast(b) : b;
    return stock.kernelFunc({ inputs: { a: a2, b: b2 }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
  } finally {
    scope.dispose();
  }
};

// ---------------------------------------------------------------------------------------------------------------
// Registration
// ---------------------------------------------------------------------------------------------------------------

/** Kernels wasm lacks: registered when missing. */
export const WASM_TRAINING_KERNELS: readonly KernelConfig[] = [
  { kernelName: 'Conv2DBackpropFilter', backendName: WASM, kernelFunc: conv2DBackpropFilter },
  { kernelName: 'DepthwiseConv2dNativeBackpropFilter', backendName: WASM, kernelFunc: depthwiseBackpropFilter },
  { kernelName: 'DepthwiseConv2dNativeBackpropInput', backendName: WASM, kernelFunc: depthwiseBackpropInput },
  { kernelName: 'UnsortedSegmentSum', backendName: WASM, kernelFunc: unsortedSegmentSum },
];

// Stock kernels we replace by faster ones; marked, and the stock config kept on globalThis so a second copy
// of this module (test isolation, bundles) recognises the replacement.
const MARK = Symbol.for('mge-studio.wasmKernelOverride');
const STOCK = Symbol.for('mge-studio.wasmStockKernels');
const globals = globalThis as unknown as { [STOCK]?: Map<string, KernelConfig> };
const stockKernels = (globals[STOCK] ??= new Map<string, KernelConfig>());

/**
 * An override config. One that delegates to the stock kernel also runs the stock kernel's setup/dispose (a
 * kernel is set up when its backend starts, and the stock one is no longer registered by then).
 */
function override(kernelName: string, kernelFunc: KernelFunc, delegatesToStock = false): KernelConfig {
  const config: KernelConfig = { kernelName, backendName: WASM, kernelFunc };
  if (delegatesToStock) {
    config.setupFunc = (backend) => stockKernels.get(kernelName)?.setupFunc?.(backend);
    config.disposeFunc = (backend) => stockKernels.get(kernelName)?.disposeFunc?.(backend);
  }
  return Object.assign(config, { [MARK]: true as const });
}

export const WASM_KERNEL_OVERRIDES: readonly KernelConfig[] = [
  override('Conv2DBackpropInput', conv2DBackpropInput),
  override('Tile', tile),
  override('BatchMatMul', batchMatMul, true),
];

function isOverride(config: KernelConfig | undefined): boolean {
  return config != null && (config as KernelConfig & { [MARK]?: true })[MARK] === true;
}

/**
 * Registers the training kernels wasm lacks and replaces the slow stock Conv2DBackpropInput. Idempotent; a
 * missing kernel that is already registered for 'wasm' (by us earlier, or by a future tfjs-backend-wasm) is
 * left alone. Returns the names it (re)registered now.
 */
export function registerWasmTrainingKernels(): string[] {
  const added: string[] = [];
  for (const config of WASM_TRAINING_KERNELS) {
    if (tf.getKernel(config.kernelName, WASM) != null) continue;
    tf.registerKernel(config);
    added.push(config.kernelName);
  }
  for (const config of WASM_KERNEL_OVERRIDES) {
    const current = tf.getKernel(config.kernelName, WASM);
    if (isOverride(current)) continue;
    if (current != null) {
      stockKernels.set(config.kernelName, current);
      tf.unregisterKernel(config.kernelName, WASM);
    }
    tf.registerKernel(config);
    added.push(config.kernelName);
    // Registered after wasm started: set up now what would have been set up at start-up.
    const backend = tf.engine().registry[WASM];
    if (backend != null) config.setupFunc?.(backend);
  }
  return added;
}

/** The stock wasm kernel that an override replaced (tests, benchmarks). */
export function stockWasmKernel(kernelName: string): KernelConfig | undefined {
  const current = tf.getKernel(kernelName, WASM);
  return isOverride(current) ? stockKernels.get(kernelName) : current;
}

/** Puts the stock kernels back in place of the overrides (tests, benchmarks). Idempotent. */
export function unregisterWasmKernelOverrides(): void {
  for (const config of WASM_KERNEL_OVERRIDES) {
    if (!isOverride(tf.getKernel(config.kernelName, WASM))) continue;
    tf.unregisterKernel(config.kernelName, WASM);
    const stock = stockKernels.get(config.kernelName);
    if (stock == null) continue;
    tf.registerKernel(stock);
    // Kernels are set up when their backend is; one re-registered afterwards needs it done now.
    const backend = tf.engine().registry[WASM];
    if (backend != null) stock.setupFunc?.(backend);
  }
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
