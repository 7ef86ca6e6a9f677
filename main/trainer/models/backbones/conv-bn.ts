// Conv2d → BatchNorm2d → optional activation, the unit every backbone is built from.
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../../../shared/random';
import { relu, relu6 } from '../../nn/activations';
import { BatchNorm2d } from '../../nn/batchnorm';
import { Conv2d } from '../../nn/conv2d';
import { Module } from '../../nn/module';

export type Activation = 'relu' | 'relu6' | 'none';

export interface ConvBnOptions {
  kernelSize: number;
  stride?: number;
  depthwise?: boolean;
  activation?: Activation;
}

export class ConvBn extends Module {
  readonly conv: Conv2d;
  readonly bn: BatchNorm2d;
  readonly activation: Activation;

  constructor(rng: Rng, inChannels: number, outChannels: number, options: ConvBnOptions) {
    super();
    this.conv = this.addModule(
      'conv',
      new Conv2d(rng, inChannels, outChannels, { kernelSize: options.kernelSize, stride: options.stride, depthwise: options.depthwise }),
    );
    this.bn = this.addModule('bn', new BatchNorm2d(outChannels));
    this.activation = options.activation ?? 'relu';
  }

  apply(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    return tf.tidy(() => {
      const y = this.bn.apply(this.conv.apply(x), training);
      if (this.activation === 'relu') return relu(y);
      if (this.activation === 'relu6') return relu6(y);
      return y;
    });
  }
}
