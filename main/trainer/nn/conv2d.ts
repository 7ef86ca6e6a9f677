// 2-D convolution over NHWC tensors with a [kh, kw, in, out] kernel (depthwise: [kh, kw, in, 1]),
// PyTorch padding semantics (default padding = kernel // 2) and He (fan-out) initialisation.
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../../shared/random';
import { heNormal } from './init';
import { Module } from './module';
import { torchPad } from './padding';

export interface Conv2dOptions {
  kernelSize: number;
  stride?: number;
  /** Pixels of zero padding on each side, as PyTorch's `padding`; default kernelSize // 2. */
  padding?: number;
  /** Add a bias (default false: convolutions here are followed by BatchNorm). */
  bias?: boolean;
  /** Depthwise convolution (groups = in = out channels), as in MobileNetV2. */
  depthwise?: boolean;
}

export class Conv2d extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: number;
  readonly stride: number;
  readonly padding: number;
  readonly depthwise: boolean;
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable | null;

  constructor(rng: Rng, inChannels: number, outChannels: number, options: Conv2dOptions) {
    super();
    const k = options.kernelSize;
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = k;
    this.stride = options.stride ?? 1;
    this.padding = options.padding ?? Math.floor(k / 2);
    this.depthwise = options.depthwise ?? false;
    if (this.depthwise && inChannels !== outChannels) {
      throw new Error(`Depthwise Conv2d needs equal in/out channels, got ${inChannels} and ${outChannels}`);
    }
    // He normal with fan-out (torchvision's ResNet / MobileNetV2 init): fan_out = k·k·out / groups.
    const shape = this.depthwise ? [k, k, inChannels, 1] : [k, k, inChannels, outChannels];
    const fanOut = this.depthwise ? k * k : k * k * outChannels;
    this.kernel = this.addParam('kernel', heNormal(rng, shape, fanOut), true);
    this.bias = options.bias ? this.addParam('bias', tf.zeros([outChannels]), false) : null;
  }

  apply(x: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => {
      const { x: input, pad } = torchPad(x, this.kernelSize, this.stride, this.padding);
      const kernel = this.kernel as tf.Tensor4D;
      let y = this.depthwise
        ? tf.depthwiseConv2d(input, kernel, this.stride, pad)
        : tf.conv2d(input, kernel, this.stride, pad);
      if (this.bias) y = tf.add(y, this.bias);
      return y;
    });
  }
}
