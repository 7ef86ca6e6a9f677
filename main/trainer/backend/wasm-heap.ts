// Data-movement helpers that work directly on the wasm heap with typed-array copies. They replace wasm
// kernels that are generic per-element loops (Reverse, StridedSlice, PadV2 for dilation, Tile), which
// profiling showed costing more than the convolutions around them. Views of the heap are taken only after
// the output is allocated, because an allocation can grow (and detach) the heap.
import type { DataType, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

type Numeric = Float32Array | Int32Array | Uint8Array;

function views(backend: BackendWasm, out: TensorInfo, inputs: TensorInfo[]): { o: Numeric; ins: Numeric[] } {
  const o = backend.typedArrayFromHeap(out) as Numeric;
  return { o, ins: inputs.map((t) => backend.typedArrayFromHeap(t) as Numeric) };
}

function alloc(backend: BackendWasm, shape: number[], dtype: DataType): TensorInfo {
  return backend.makeOutput(shape, dtype);
}

/**
 * A filter [KH, KW, A, B] flipped in both spatial axes, optionally with its last two axes swapped:
 * out[KH-1-kh, KW-1-kw, b, a] = w[kh, kw, a, b] (swap) or out[KH-1-kh, KW-1-kw, a, b] = w[kh, kw, a, b].
 */
export function flipFilter(backend: BackendWasm, w: TensorInfo, swapInOut: boolean): TensorInfo {
  const [KH, KW, A, B] = w.shape;
  const out = alloc(backend, swapInOut ? [KH, KW, B, A] : [KH, KW, A, B], w.dtype);
  const { o, ins } = views(backend, out, [w]);
  const x = ins[0];
  const tap = A * B;
  for (let kh = 0; kh < KH; kh++) {
    for (let kw = 0; kw < KW; kw++) {
      const src = (kh * KW + kw) * tap;
      const dst = ((KH - 1 - kh) * KW + (KW - 1 - kw)) * tap;
      if (!swapInOut) {
        o.set(x.subarray(src, src + tap), dst);
        continue;
      }
      for (let a = 0; a < A; a++) {
        const row = src + a * B;
        for (let b = 0; b < B; b++) o[dst + b * A + a] = x[row + b];
      }
    }
  }
  return out;
}

/** x[:, 0:(OH-1)*sh+1:sh, 0:(OW-1)*sw+1:sw, :] for an NHWC tensor: whole channel rows are copied. */
export function subsampleNHWC(backend: BackendWasm, x: TensorInfo, sh: number, sw: number, OH: number, OW: number): TensorInfo {
  const [N, H, W, C] = x.shape;
  const out = alloc(backend, [N, OH, OW, C], x.dtype);
  const { o, ins } = views(backend, out, [x]);
  const xv = ins[0];
  let dst = 0;
  for (let n = 0; n < N; n++) {
    for (let y = 0; y < OH; y++) {
      const rowBase = (n * H + y * sh) * W;
      for (let xx = 0; xx < OW; xx++, dst += C) {
        const src = (rowBase + xx * sw) * C;
        o.set(xv.subarray(src, src + C), dst);
      }
    }
  }
  return out;
}

/**
 * dy [N, OH, OW, C] dilated by the strides into [N, OH*sh, OW*sw, C]: dy[n, y, x] lands at (y*sh, x*sw), the
 * rest is zero (including the trailing sh-1 rows / sw-1 columns).
 */
export function dilateNHWC(backend: BackendWasm, dy: TensorInfo, sh: number, sw: number): TensorInfo {
  const [N, OH, OW, C] = dy.shape;
  const LH = OH * sh;
  const LW = OW * sw;
  const out = alloc(backend, [N, LH, LW, C], dy.dtype);
  const { o, ins } = views(backend, out, [dy]);
  const dv = ins[0];
  o.fill(0);
  let src = 0;
  for (let n = 0; n < N; n++) {
    for (let y = 0; y < OH; y++) {
      const rowBase = (n * LH + y * sh) * LW;
      for (let x = 0; x < OW; x++, src += C) o.set(dv.subarray(src, src + C), (rowBase + x * sw) * C);
    }
  }
  return out;
}

/**
 * tf.tile: out[i] = x[i mod shape] over the tiled shape. The input is first laid into the corner block of
 * the output, then each axis, innermost first, is replicated with copyWithin (whole contiguous blocks).
 */
export function tileHeap(backend: BackendWasm, x: TensorInfo, reps: number[]): TensorInfo {
  const rank = x.shape.length;
  const outShape = x.shape.map((d, i) => d * reps[i]);
  const out = alloc(backend, outShape, x.dtype);
  const { o, ins } = views(backend, out, [x]);
  const xv = ins[0];
  const total = outShape.reduce((p, d) => p * d, 1);
  if (total === 0) return out;
  if (rank === 0) {
    o[0] = xv[0];
    return out;
  }
  // outStride[i] = product of outShape[j], j > i
  const outStride = new Array<number>(rank);
  outStride[rank - 1] = 1;
  for (let i = rank - 2; i >= 0; i--) outStride[i] = outStride[i + 1] * outShape[i + 1];
  const last = x.shape[rank - 1];
  // 1) x's rows into the corner block.
  const rows = x.shape.slice(0, -1).reduce((p, d) => p * d, 1);
  const idx = new Array<number>(Math.max(rank - 1, 0)).fill(0);
  for (let r = 0; r < rows; r++) {
    let dst = 0;
    for (let i = 0; i < rank - 1; i++) dst += idx[i] * outStride[i];
    o.set(xv.subarray(r * last, r * last + last), dst);
    for (let i = rank - 2; i >= 0; i--) {
      if (++idx[i] < x.shape[i]) break;
      idx[i] = 0;
    }
  }
  // 2) replicate along each axis d (innermost first): inside the corner box of the outer axes, the span
  //    [0, x.shape[d]) of axis d (inner axes already full) is contiguous; copy it reps[d]-1 times after itself.
  for (let d = rank - 1; d >= 0; d--) {
    if (reps[d] === 1) continue;
    const span = x.shape[d] * outStride[d];
    const outer = x.shape.slice(0, d).reduce((p, v) => p * v, 1);
    const oidx = new Array<number>(d).fill(0);
    for (let b = 0; b < outer; b++) {
      let base = 0;
      for (let i = 0; i < d; i++) base += oidx[i] * outStride[i];
      for (let k = 1; k < reps[d]; k++) o.copyWithin(base + k * span, base, base + span);
      for (let i = d - 1; i >= 0; i--) {
        if (++oidx[i] < x.shape[i]) break;
        oidx[i] = 0;
      }
    }
  }
  return out;
}

/**
 * The taps of filter w [KH, KW, Ci, Co] that feed one output phase of a strided transposed convolution:
 * out[t, u, co, ci] = w[rh + sh*(Jh-1-t), rw + sw*(Jw-1-u), ci, co] (sub-sampled, flipped, in/out swapped).
 */
export function phaseFilter(
  backend: BackendWasm,
  w: TensorInfo,
  rh: number,
  Jh: number,
  sh: number,
  rw: number,
  Jw: number,
  sw: number,
): TensorInfo {
  const [, KW, A, B] = w.shape;
  const out = alloc(backend, [Jh, Jw, B, A], w.dtype);
  const { o, ins } = views(backend, out, [w]);
  const x = ins[0];
  const tap = A * B;
  for (let t = 0; t < Jh; t++) {
    for (let u = 0; u < Jw; u++) {
      const src = ((rh + sh * (Jh - 1 - t)) * KW + (rw + sw * (Jw - 1 - u))) * tap;
      const dst = (t * Jw + u) * tap;
      for (let a = 0; a < A; a++) {
        const row = src + a * B;
        for (let b = 0; b < B; b++) o[dst + b * A + a] = x[row + b];
      }
    }
  }
  return out;
}

/**
 * Interleaves the phase results of a strided transposed convolution into one zero-filled NHWC tensor:
 * phase p = {ph, pw, t: [N, Hp, Wp, C]} lands at rows ph + sh*a, columns pw + sw*b.
 */
export function interleavePhases(
  backend: BackendWasm,
  shape: [number, number, number, number],
  sh: number,
  sw: number,
  phases: Array<{ ph: number; pw: number; t: TensorInfo }>,
): TensorInfo {
  const [N, H, W, C] = shape;
  const out = alloc(backend, shape, 'float32');
  const { o, ins } = views(backend, out, phases.map((p) => p.t));
  if (phases.length < sh * sw) o.fill(0);
  phases.forEach(({ ph, pw, t }, i) => {
    const v = ins[i];
    const [, Hp, Wp] = t.shape;
    let src = 0;
    for (let n = 0; n < N; n++) {
      for (let a = 0; a < Hp; a++) {
        const rowBase = (n * H + ph + sh * a) * W + pw;
        for (let b = 0; b < Wp; b++, src += C) {
          const dst = (rowBase + sw * b) * C;
          for (let c = 0; c < C; c++) o[dst + c] = v[src + c];
        }
      }
    }
  });
  return out;
}
