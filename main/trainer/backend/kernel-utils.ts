// Small helpers shared by the kernels this folder registers: calling another backend's kernel function
// directly (no engine, no tape) and disposing the intermediates afterwards, and reading a convolution's
// geometry from its kernel attributes.
import * as tf from '@tensorflow/tfjs-core';
import { backend_util } from '@tensorflow/tfjs-core';
import type { KernelBackend, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';

export type Pad = 'same' | 'valid' | number | backend_util.ExplicitPadding;
export type Pair = number | [number, number];

/** Runs registered kernels of one backend and remembers every output so that `dispose()` frees them. */
export class KernelScope {
  private readonly outputs: TensorInfo[] = [];

  constructor(
    readonly backend: KernelBackend,
    private readonly backendName: string,
  ) {}

  /** Calls kernel `name` of this backend; the output is freed by `dispose()` unless `keep` is true. */
  run(name: string, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap = {}, keep = false): TensorInfo {
    const config = tf.getKernel(name, this.backendName);
    if (config == null) {
      throw new Error(`kernel '${name}' is not registered for backend '${this.backendName}'`);
    }
    const out = config.kernelFunc({ inputs, backend: this.backend, attrs });
    if (Array.isArray(out)) {
      throw new Error(`kernel '${name}' returned ${out.length} outputs where one was expected`);
    }
    if (!keep) this.outputs.push(out);
    return out;
  }

  /** Makes this scope free `info` too (made outside `run`, or a kept output that turned out invalid). */
  adopt(info: TensorInfo): TensorInfo {
    this.outputs.push(info);
    return info;
  }

  /** Frees every output this scope created (shared data ids are reference-counted by the backend). */
  dispose(): void {
    for (const info of this.outputs.splice(0)) this.backend.disposeData(info.dataId);
  }
}

/** Asserts the convolution geometry is one the gradient kernels support. */
export function assertUnitDilations(kernel: string, dilations: number | [number, number] | undefined | null): void {
  if (dilations == null) return;
  const [dh, dw] = typeof dilations === 'number' ? [dilations, dilations] : dilations;
  if (dh !== 1 || dw !== 1) {
    throw new Error(`${kernel}: dilations other than 1 are not supported (got [${dh}, ${dw}])`);
  }
}

/** Accepts the spellings tfjs uses for channels-last ('NHWC', 'channelsLast', undefined). */
export function isChannelsLast(dataFormat: unknown): boolean {
  return dataFormat == null || dataFormat === 'NHWC' || dataFormat === 'channelsLast';
}

/**
 * The Conv2DInfo of a convolution (or depthwise convolution) kernel's attributes (`strides`, `pad`,
 * `dimRoundingMode`) with dilations 1 - callers check `a.dilations` themselves where it matters.
 */
export function convInfo(
  xShape: readonly number[],
  filterShape: readonly number[],
  a: NamedAttrMap,
  depthwise: boolean,
  dataFormat: 'channelsLast' | 'channelsFirst' = 'channelsLast',
): backend_util.Conv2DInfo {
  return backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    a.strides as Pair,
    1,
    a.pad as Pad,
    a.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
    depthwise,
    dataFormat,
  );
}

/** The sizes a channels-last convolution loop needs (C = input channels). */
export interface ConvGeometry {
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

export function geometry(info: backend_util.Conv2DInfo): ConvGeometry {
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
