// Training kernels that @tensorflow/tfjs-backend-wasm 4.22 does not register, built from wasm's own kernels
// (XNNPACK Conv2D / DepthwiseConv2dNative, Transpose, Reshape, Sum, ...) called directly, so the heavy
// lifting stays in SIMD wasm code:
//   Conv2DBackpropFilter                 dW = conv over the batch axis: x as [Ci, H, W, N] (batch Ci, channels N)
//                                        convolved with dy as a [OH, OW, N, Co] filter, dilated by the stride
//   DepthwiseConv2dNativeBackpropFilter  the same with (n, c) as depthwise channels, then a sum over n
//   DepthwiseConv2dNativeBackpropInput   depthwise conv of the stride-dilated, padded dy with the flipped filter
//   UnsortedSegmentSum                   (gather's gradient) a flat loop on the wasm heap
//   Conv2DBackpropInput (override)       stride 1: XNNPACK conv of the padded dy with the flipped, in/out-swapped
//                                        filter; strided: one such conv per output phase with that phase's taps,
//                                        interleaved (the stock kernel is a scalar C++ loop)
//   Tile (override)                      block copies on the heap (the stock kernel indexes per element)
//   BatchMatMul (override)               explicit Transpose, then the stock kernel without transposes
// Stride dilation, filter flips and subsampling are typed-array copies (wasm-heap.ts), not wasm kernels.
// Supported: NHWC, any strides, dilations 1, pad 'same' | 'valid' | number | explicit, channel multiplier 1 for
// depthwise. Anything else throws a clear error. Every intermediate is disposed.
import * as tf from '@tensorflow/tfjs-core';
import { backend_util } from '@tensorflow/tfjs-core';
import type { KernelBackend, KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { KernelScope, assertUnitDilations, convInfo, geometry, isChannelsLast, type ConvGeometry, type Pair } from './kernel-utils';
import { dilateNHWC, flipFilter, interleavePhases, phaseFilter, subsampleNHWC, tileHeap } from './wasm-heap';

const WASM = 'wasm';

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function assertShape(kernel: string, what: string, actual: readonly number[], expected: readonly number[]): void {
  if (!sameShape(actual, expected)) {
    throw new Error(`${kernel}: ${what} has shape [${actual.join(', ')}], expected [${expected.join(', ')}]`);
  }
}

/**
 * The Conv2DInfo of a channels-last kernel's attributes, after checking what the kernels here support: NHWC,
 * and for depthwise dilations 1 and channel multiplier 1 (for the plain convolutions `dilations` is not read:
 * their gradients are requested with dilation 1).
 */
function channelsLastInfo(
  name: string,
  xShape: number[],
  filterShape: number[],
  a: NamedAttrMap,
  depthwise: boolean,
): backend_util.Conv2DInfo {
  if (depthwise) assertUnitDilations(name, a.dilations as Pair | undefined);
  if (!isChannelsLast(a.dataFormat)) throw new Error(`${name}: only NHWC is supported (got ${String(a.dataFormat)})`);
  if (depthwise && (filterShape.length !== 4 || filterShape[3] !== 1)) {
    throw new Error(
      `${name}: only channel multiplier 1 is supported (filter shape [${filterShape.join(', ')}])`,
    );
  }
  return convInfo(xShape, filterShape, a, depthwise, 'channelsLast');
}

/**
 * The filter-gradient correlation reads input rows -top .. (OH-1)*sh + KH - 1 - top. Returns x cropped where
 * the bottom/right padding would be negative (to `keepH` x `keepW`), and the attributes of the stride-1
 * convolution (dilation = stride) with dy as its filter that then produces exactly KH x KW outputs.
 */
function filterGradCorrelation(
  scope: KernelScope,
  x: TensorInfo,
  g: ConvGeometry,
): { xc: TensorInfo; keepH: number; keepW: number; attrs: NamedAttrMap } {
  const bottom = (g.OH - 1) * g.sh + g.KH - g.H - g.top;
  const right = (g.OW - 1) * g.sw + g.KW - g.W - g.left;
  const keepH = g.H + Math.min(bottom, 0);
  const keepW = g.W + Math.min(right, 0);
  let xc = x;
  if (keepH !== g.H || keepW !== g.W) {
    xc = scope.run('Slice', { x }, { begin: [0, 0, 0, 0], size: [g.N, keepH, keepW, g.C] });
  }
  const attrs = {
    strides: [1, 1],
    pad: [
      [0, 0],
      [g.top, Math.max(bottom, 0)],
      [g.left, Math.max(right, 0)],
      [0, 0],
    ],
    dataFormat: 'NHWC',
    dilations: [g.sh, g.sw],
  };
  return { xc, keepH, keepW, attrs };
}

// ---------------------------------------------------------------------------------------------------------------
// Conv2DBackpropFilter
// ---------------------------------------------------------------------------------------------------------------

const conv2DBackpropFilter: KernelFunc = ({ inputs, backend, attrs }) => {
  const name = 'Conv2DBackpropFilter (wasm)';
  const x = inputs.x as TensorInfo;
  const dy = inputs.dy as TensorInfo;
  const a = attrs as NamedAttrMap;
  const info = channelsLastInfo(name, x.shape, a.filterShape as number[], a, false);
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
    const { xc, attrs: corr } = filterGradCorrelation(scope, x, g);
    const xt = scope.run('Transpose', { x: xc }, { perm: [3, 1, 2, 0] }); // [Ci, H, W, N]
    const dyt = scope.run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] }); // [OH, OW, N, Co] as a filter
    const out = scope.run('Conv2D', { x: xt, filter: dyt }, corr); // [Ci, KH, KW, Co]
    assertShape(name, 'intermediate', out.shape, [g.C, g.KH, g.KW, Co]);
    return scope.run('Transpose', { x: out }, { perm: [1, 2, 0, 3] }, true);
  } finally {
    scope.dispose();
  }
};

// ---------------------------------------------------------------------------------------------------------------
// DepthwiseConv2dNativeBackpropFilter
// ---------------------------------------------------------------------------------------------------------------

const depthwiseBackpropFilter: KernelFunc = ({ inputs, backend, attrs }) => {
  const name = 'DepthwiseConv2dNativeBackpropFilter (wasm)';
  const x = inputs.x as TensorInfo;
  const dy = inputs.dy as TensorInfo;
  const a = attrs as NamedAttrMap;
  const info = channelsLastInfo(name, x.shape, a.filterShape as number[], a, true);
  const g = geometry(info);
  assertShape(name, 'dy', dy.shape, [g.N, g.OH, g.OW, g.C]);
  const scope = new KernelScope(backend as KernelBackend, WASM);
  try {
    const { xc, keepH, keepW, attrs: corr } = filterGradCorrelation(scope, x, g);
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
    const out = scope.run('DepthwiseConv2dNative', { x: xr, filter: dyr }, corr); // [1, KH, KW, N*C]
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

/**
 * The dx kernel of a convolution (or of a depthwise one, channel multiplier 1): `Conv2D` (or
 * `DepthwiseConv2dNative`), a stride-1 correlation, over the stride-dilated, padded dy with the flipped filter -
 * for Conv2D also in/out swapped, [KH, KW, Ci, Co] → [KH, KW, Co, Ci]. The result is checked to come out as
 * [N, H, W, C] (one of another shape is freed before the error is thrown); every intermediate is freed.
 */
function backpropInputKernel(name: string, depthwise: boolean): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const dy = inputs.dy as TensorInfo;
    const filter = inputs.filter as TensorInfo;
    const a = attrs as NamedAttrMap;
    const info = channelsLastInfo(name, a.inputShape as number[], filter.shape, a, depthwise);
    const g = geometry(info);
    assertShape(name, 'dy', dy.shape, [g.N, g.OH, g.OW, info.outChannels]);
    const scope = new KernelScope(backend as KernelBackend, WASM);
    try {
      const { input, pad } = dilatedGradInput(scope, dy, g);
      const flipped = scope.adopt(flipFilter(backend as BackendWasm, filter, !depthwise));
      const out = scope.run(
        depthwise ? 'DepthwiseConv2dNative' : 'Conv2D',
        { x: input, filter: flipped },
        { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [1, 1] },
        true,
      );
      const expected = [g.N, g.H, g.W, g.C];
      if (!sameShape(out.shape, expected)) {
        scope.adopt(out);
        assertShape(name, 'result', out.shape, expected);
      }
      return out;
    } finally {
      scope.dispose();
    }
  };
}

// Depthwise: channel multiplier 1, so dy has C channels.
const depthwiseBackpropInput = backpropInputKernel('DepthwiseConv2dNativeBackpropInput (wasm)', true);

// ---------------------------------------------------------------------------------------------------------------
// Conv2DBackpropInput (replaces the stock wasm kernel: a scalar, single-threaded C++ loop)
// ---------------------------------------------------------------------------------------------------------------

const denseBackpropInput = backpropInputKernel('Conv2DBackpropInput (wasm)', false);

/** The taps (r + s*j, j < J) and dy offset q of one output phase p of a strided transposed convolution. */
function phaseTaps(p: number, pad: number, s: number, K: number): { r: number; q: number; J: number } {
  const r = (p + pad) % s;
  return { r, q: Math.floor((p + pad) / s), J: r < K ? Math.ceil((K - r) / s) : 0 };
}

/**
 * Strided Conv2DBackpropInput by output phase: dx rows ph + sh*a (columns pw + sw*b) only receive the filter
 * taps kh = rh + sh*j, so each of the sh*sw phases is a stride-1 correlation of dy with its sub-sampled,
 * flipped, in/out-swapped taps - 1/(sh*sw) of the work of convolving the zero-dilated dy. The phases are
 * then interleaved into dx; a phase no tap reaches (kernel smaller than the stride) is zero.
 */
const conv2DBackpropInput: KernelFunc = (args) => {
  const name = 'Conv2DBackpropInput (wasm)';
  const { inputs, backend, attrs } = args;
  const dy = inputs.dy as TensorInfo;
  const filter = inputs.filter as TensorInfo;
  const a = attrs as NamedAttrMap;
  const info = channelsLastInfo(name, a.inputShape as number[], filter.shape, a, false);
  const g = geometry(info);
  if ((g.sh === 1 && g.sw === 1) || dy.dtype !== 'float32') return denseBackpropInput(args);
  assertShape(name, 'dy', dy.shape, [g.N, g.OH, g.OW, info.outChannels]);
  const scope = new KernelScope(backend as KernelBackend, WASM);
  try {
    const phases: Array<{ ph: number; pw: number; t: TensorInfo }> = [];
    for (let ph = 0; ph < Math.min(g.sh, g.H); ph++) {
      const th = phaseTaps(ph, g.top, g.sh, g.KH);
      const Hp = Math.ceil((g.H - ph) / g.sh);
      const beginH = th.q - (th.J - 1);
      const endH = beginH + Hp + th.J - 1;
      const cropH0 = Math.max(beginH, 0);
      const cropH1 = Math.min(endH, g.OH);
      if (th.J === 0 || cropH1 <= cropH0) continue;
      for (let pw = 0; pw < Math.min(g.sw, g.W); pw++) {
        const tw = phaseTaps(pw, g.left, g.sw, g.KW);
        const Wp = Math.ceil((g.W - pw) / g.sw);
        const beginW = tw.q - (tw.J - 1);
        const endW = beginW + Wp + tw.J - 1;
        const cropW0 = Math.max(beginW, 0);
        const cropW1 = Math.min(endW, g.OW);
        if (tw.J === 0 || cropW1 <= cropW0) continue;
        let src = dy;
        if (cropH0 !== 0 || cropW0 !== 0 || cropH1 !== g.OH || cropW1 !== g.OW) {
          src = scope.run('Slice', { x: dy }, {
            begin: [0, cropH0, cropW0, 0],
            size: [g.N, cropH1 - cropH0, cropW1 - cropW0, info.outChannels],
          });
        }
        const sub = scope.adopt(phaseFilter(backend as BackendWasm, filter, th.r, th.J, g.sh, tw.r, tw.J, g.sw));
        const t = scope.run('Conv2D', { x: src, filter: sub }, {
          strides: [1, 1],
          pad: [
            [0, 0],
            [cropH0 - beginH, endH - cropH1],
            [cropW0 - beginW, endW - cropW1],
            [0, 0],
          ],
          dataFormat: 'NHWC',
          dilations: [1, 1],
        });
        assertShape(name, `phase (${ph}, ${pw})`, t.shape, [g.N, Hp, Wp, g.C]);
        phases.push({ ph, pw, t });
      }
    }
    return interleavePhases(backend as BackendWasm, [g.N, g.H, g.W, g.C], g.sh, g.sw, phases);
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
